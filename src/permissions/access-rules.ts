/**
 * The reading of MaiAgent's query_metadata, in one place. Each rule names its evidence from the docs
 * (MAIAGENT_API.md §4 and the Contacts API seed). Where the docs are silent the rule grants less.
 * If MaiAgent clarifies a point, change the row here: the model, the reach summaries, the policy
 * checker and the tests all read this table.
 */
import type { AccessRuleId } from './types.js';

/**
 * How a knowledge-base entry with `has_user_selected_all` not "True" is read. Files:
 * `by-labels` = an empty chatbot_file_ids admits the files whose labels satisfy label_relations
 * (none without label_relations); `all` = every file; `none` = no file. FAQs: an empty faq_ids
 * admits `all` FAQs or `none`; `labelFiltered` says whether label_relations also filters FAQs.
 */
export interface Reading {
  file: { emptyList: 'by-labels' | 'all' | 'none' };
  faq: { emptyList: 'all' | 'none'; labelFiltered: boolean };
  /** Several entries for one knowledge base: `every` = content must be admitted by each of them. */
  duplicateEntries: 'every' | 'any';
  /** Whether a `label_relations` group with no conditions (either operator) holds. */
  emptyGroupHolds: boolean;
}

export const READING: Reading = {
  file: { emptyList: 'by-labels' },
  faq: { emptyList: 'all', labelFiltered: false },
  duplicateEntries: 'every',
  emptyGroupHolds: false,
};

/** `has_user_selected_all` is a string boolean; "True" in any case, or JSON true, selects all. */
export function selectsAll(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

export interface AccessRule {
  admits: boolean;
  /** What the rule says, for people. */
  summary: string;
  /** Where the docs say so, or why this reading was chosen where they are silent. */
  evidence: string;
}

export const ACCESS_RULES: Record<AccessRuleId, AccessRule> = {
  'no-knowledge-bases': {
    admits: false,
    summary: 'knowledge_bases is empty or absent: nothing can be queried',
    evidence:
      'seed (Contacts API): knowledge_bases "如不設定則無法查詢" (if not set, nothing can be queried)',
  },
  'kb-not-granted': {
    admits: false,
    summary: 'the knowledge base is not in knowledge_bases',
    evidence: 'QM-JSON: knowledge_bases lists the knowledge bases the assistant may use',
  },
  'duplicate-kb-entries': {
    admits: false,
    summary: 'the knowledge base is listed more than once: content must be admitted by every entry',
    evidence: 'the docs are silent on repeated entries; the reading that grants less',
  },
  'select-all': {
    admits: true,
    summary: 'has_user_selected_all is "True": every file and FAQ of the knowledge base',
    evidence:
      'seed: has_user_selected_all = "使用者是否選擇查詢此知識庫下所有內容" (query all content of this KB)',
  },
  'file-listed': {
    admits: true,
    summary: 'the file is in chatbot_file_ids',
    evidence: 'QM-JSON: chatbot_file_ids are the files of that knowledge base that may be referenced',
  },
  'file-not-listed': {
    admits: false,
    summary: 'chatbot_file_ids lists other files only',
    evidence: 'QM-JSON: chatbot_file_ids are the files of that knowledge base that may be referenced',
  },
  'files-by-labels': {
    admits: true,
    summary: 'chatbot_file_ids is empty, so files are selected by label_relations alone',
    evidence:
      'QM-JSON: labels restrict documents "even when no chatbot_file_ids are given"; QM-OV Visitor: ' +
      'files none + label Visitor -> the documents carrying the Visitor label',
  },
  'files-none': {
    admits: false,
    summary: 'chatbot_file_ids is empty and there is no label_relations to select files by',
    evidence:
      'the docs are silent on an empty file list without labels; the reading that grants less ' +
      '(the seed: chatbot_file_ids is "the list of files that may be queried")',
  },
  'faq-listed': {
    admits: true,
    summary: 'the FAQ is in faq_ids',
    evidence: 'QM-JSON: faq_ids are the FAQ entries of that knowledge base',
  },
  'faq-not-listed': {
    admits: false,
    summary: 'faq_ids lists other FAQs only',
    evidence: 'QM-JSON: faq_ids are the FAQ entries of that knowledge base',
  },
  'files-all-when-empty': {
    admits: true,
    summary: 'chatbot_file_ids is empty: every file of the knowledge base',
    evidence: 'alternative reading (READING.file.emptyList = "all"), not the default',
  },
  'faqs-none-when-empty': {
    admits: false,
    summary: 'faq_ids is empty: no FAQ',
    evidence: 'alternative reading (READING.faq.emptyList = "none"), not the default',
  },
  'faqs-all-when-empty': {
    admits: true,
    summary: 'faq_ids is empty: every FAQ of the knowledge base',
    evidence: 'QM-OV Regular member: files A, B, C, no FAQ -> "documents A, B, C and all FAQs" (與所有 FAQ)',
  },
  'labels-absent': {
    admits: true,
    summary: 'there is no label_relations: files are not filtered by label',
    evidence: 'QM-OV Regular member: no labels -> documents A, B, C',
  },
  'labels-hold': {
    admits: true,
    summary: "the file's labels satisfy label_relations",
    evidence: 'QM-JSON: "OR" matches any, "AND" matches all, nested freely',
  },
  'labels-fail': {
    admits: false,
    summary: "the file's labels do not satisfy label_relations",
    evidence: 'QM-JSON: labels restrict references to documents whose labels satisfy the condition',
  },
  'labels-unsatisfiable': {
    admits: false,
    summary: 'no set of labels satisfies label_relations (an empty group or a malformed condition)',
    evidence: 'the docs are silent on empty groups; the reading that grants less',
  },
  'labels-not-for-faqs': {
    admits: true,
    summary: 'label_relations filters documents, not FAQs',
    evidence:
      'QM-JSON: labels restrict "references to documents"; QM-OV Visitor: label Visitor, FAQ 1 and 2 -> ' +
      '"documents ... carrying the Visitor label, plus FAQ 1 and FAQ 2"',
  },
  malformed: {
    admits: false,
    summary: 'part of query_metadata is malformed and is read as granting nothing',
    evidence: 'the reading that grants less',
  },
};

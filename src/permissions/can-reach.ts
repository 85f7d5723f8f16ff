/**
 * The access model: can this query_metadata reach that document? The knowledge base must be
 * granted, the file/FAQ rules must admit the item, and label_relations must hold over its labels.
 * The answer names every rule applied, so a failed test or a violated policy says why.
 */
import { READING, type Reading } from './access-rules.js';
import { describeLabels, describeLabelSet, describeSet } from './describe.js';
import { evaluateLabels, witnessLabels } from './label-expression.js';
import { RAW_NAMES, type Names } from './names.js';
import { reachOf } from './summarize-reach.js';
import type { AccessRuleId, ContentSet, Decision, Document, KnowledgeBaseReach, Reach } from './types.js';

interface Step {
  rule: AccessRuleId;
  text: string;
}

function decision(allowed: boolean, steps: Step[]): Decision {
  const last = steps[steps.length - 1] as Step;
  return {
    allowed,
    rule: last.rule,
    rules: steps.map((s) => s.rule),
    reason: steps.map((s) => `${s.text} [${s.rule}]`).join('; '),
  };
}

function setText(set: ContentSet, kind: 'file' | 'FAQ', field: string, kb: string, names: Names): string {
  const name = (id: string): string => (kind === 'file' ? names.file(kb, id) : names.faq(kb, id));
  switch (set.rule) {
    case 'select-all':
      return `has_user_selected_all is "True" for ${names.kb(kb)}`;
    case 'files-by-labels':
      return `chatbot_file_ids of ${names.kb(kb)} is empty, so files are selected by label_relations`;
    case 'files-none':
      return `chatbot_file_ids of ${names.kb(kb)} is empty and there is no label_relations to select files by`;
    case 'files-all-when-empty':
    case 'faqs-all-when-empty':
      return `${field} of ${names.kb(kb)} is empty, which admits every ${kind}`;
    case 'faqs-none-when-empty':
      return `${field} of ${names.kb(kb)} is empty, which admits no ${kind}`;
    case 'labels-unsatisfiable':
      return `no set of labels satisfies label_relations, so no ${kind} of ${names.kb(kb)} is reachable`;
    case 'malformed':
      return `${field} of ${names.kb(kb)} is malformed and admits nothing`;
    case 'duplicate-kb-entries':
      return `${names.kb(kb)} is listed more than once; together its entries admit ${describeSet(set, kind, name)}`;
    default:
      return `${field} of ${names.kb(kb)} lists ${describeSet(set, kind, name)}`;
  }
}

/** Admits one item (or, with `id` undefined, any item) of a content set. */
function itemStep(
  set: ContentSet,
  id: string | undefined,
  kind: 'file' | 'FAQ',
  kb: string,
  names: Names,
): { admitted: boolean; step: Step } {
  const field = kind === 'file' ? 'chatbot_file_ids' : 'faq_ids';
  const listedRule: AccessRuleId = kind === 'file' ? 'file-listed' : 'faq-listed';
  const notListedRule: AccessRuleId = kind === 'file' ? 'file-not-listed' : 'faq-not-listed';
  const text = setText(set, kind, field, kb, names);
  if (set.all) return { admitted: true, step: { rule: set.rule, text } };
  if (set.ids.length === 0) return { admitted: false, step: { rule: set.rule, text } };
  if (id === undefined || set.ids.includes(id)) {
    const rule = set.rule === 'duplicate-kb-entries' ? set.rule : listedRule;
    return { admitted: true, step: { rule, text } };
  }
  const name = kind === 'file' ? names.file(kb, id) : names.faq(kb, id);
  return {
    admitted: false,
    step: {
      rule: set.rule === 'duplicate-kb-entries' ? set.rule : notListedRule,
      text: `${text}, not ${name}`,
    },
  };
}

/** The label step: over the document's labels, or (labels undefined) over some set of labels. */
function labelStep(
  reach: Reach,
  labels: readonly string[] | undefined,
  names: Names,
): { admitted: boolean; step: Step } {
  if (!reach.labels)
    return { admitted: true, step: { rule: 'labels-absent', text: 'there is no label_relations' } };
  const expr = describeLabels(reach.labels.expression, names);
  if (labels === undefined) {
    const witness = witnessLabels(reach.labels.expression);
    return witness
      ? {
          admitted: true,
          step: {
            rule: 'labels-hold',
            text: `label_relations ${expr} holds for ${describeLabelSet(witness, names)}`,
          },
        }
      : {
          admitted: false,
          step: { rule: 'labels-unsatisfiable', text: `no set of labels satisfies ${expr}` },
        };
  }
  const holds = evaluateLabels(reach.labels.expression, new Set(labels));
  const what = describeLabelSet(labels, names);
  return holds
    ? { admitted: true, step: { rule: 'labels-hold', text: `${what} satisfy label_relations ${expr}` } }
    : {
        admitted: false,
        step: { rule: 'labels-fail', text: `${what} do not satisfy label_relations ${expr}` },
      };
}

function itemDecision(
  reach: Reach,
  kbReach: KnowledgeBaseReach,
  kind: 'file' | 'FAQ',
  id: string | undefined,
  labels: readonly string[] | undefined,
  names: Names,
  reading: Reading,
): Decision {
  const set = kind === 'file' ? kbReach.files : kbReach.faqs;
  const item = itemStep(set, id, kind, kbReach.kb, names);
  if (!item.admitted) return decision(false, [item.step]);
  if (kind === 'FAQ' && !reading.faq.labelFiltered) {
    if (!reach.labels) return decision(true, [item.step]);
    return decision(true, [
      item.step,
      { rule: 'labels-not-for-faqs', text: 'label_relations filters documents, not FAQs' },
    ]);
  }
  const label = labelStep(reach, labels, names);
  return decision(label.admitted, [item.step, label.step]);
}

/** `canReach` over an already summarised Reach. */
export function decide(
  reach: Reach,
  doc: Document,
  names: Names = RAW_NAMES,
  reading: Reading = READING,
): Decision {
  if (reach.knowledgeBases.length === 0) {
    return decision(false, [
      { rule: 'no-knowledge-bases', text: 'knowledge_bases is empty: nothing can be queried' },
    ]);
  }
  const kbReach = reach.knowledgeBases.find((k) => k.kb === doc.kb);
  if (!kbReach) {
    const granted = reach.knowledgeBases.map((k) => names.kb(k.kb)).join(', ');
    return decision(false, [
      {
        rule: 'kb-not-granted',
        text: `knowledge base ${names.kb(doc.kb)} is not granted (granted: ${granted})`,
      },
    ]);
  }
  if (doc.faq !== undefined) return itemDecision(reach, kbReach, 'FAQ', doc.faq, doc.labels, names, reading);
  if (doc.file !== undefined || doc.labels !== undefined) {
    return itemDecision(reach, kbReach, 'file', doc.file, doc.labels, names, reading);
  }
  // The knowledge base as a whole: some FAQ, or some file under some set of labels.
  const faq = itemDecision(reach, kbReach, 'FAQ', undefined, undefined, names, reading);
  if (faq.allowed) return faq;
  const file = itemDecision(reach, kbReach, 'file', undefined, undefined, names, reading);
  if (file.allowed) return file;
  return { ...file, rules: [...faq.rules, ...file.rules], reason: `${faq.reason}; ${file.reason}` };
}

/**
 * Whether the file rules alone (knowledge base, chatbot_file_ids, has_user_selected_all) admit one
 * file of `kb`, or any file with `file` undefined; label_relations is left to the caller.
 */
export function fileAdmission(
  reach: Reach,
  kb: string,
  file: string | undefined,
  names: Names = RAW_NAMES,
): Decision {
  const kbReach = reach.knowledgeBases.find((k) => k.kb === kb);
  if (!kbReach) return decide(reach, { kb }, names);
  const item = itemStep(kbReach.files, file, 'file', kb, names);
  return decision(item.admitted, [item.step]);
}

/**
 * Whether `queryMetadata` (snake_case or camelCase, as sent or as read back) reaches `doc`.
 * `doc.labels` undefined asks whether the content is reachable under some set of labels; with
 * neither `file` nor `faq` (and no labels) it asks whether anything in the knowledge base is.
 */
export function canReach(queryMetadata: unknown, doc: Document, names: Names = RAW_NAMES): Decision {
  return decide(reachOf(queryMetadata), doc, names);
}

/**
 * One subject's reach, for `explain ADDRESS`: per knowledge base the files and FAQs it admits, the
 * rule that admits them, and the label condition on files. Pure: `(reach, names, format) => string`.
 */
import { describeLabels } from '../../permissions/describe.js';
import { RAW_NAMES, type Names } from '../../permissions/names.js';
import type { ContentSet, KnowledgeBaseReach, Reach } from '../../permissions/types.js';

export type ReachFormat = 'text' | 'markdown';

/** Why a set is what it is, in a few words (the access rule behind it). */
function because(set: ContentSet, kind: 'file' | 'FAQ'): string {
  switch (set.rule) {
    case 'select-all':
      return 'has_user_selected_all';
    case 'files-by-labels':
      return 'chatbot_file_ids is empty: selected by labels';
    case 'files-none':
      return 'chatbot_file_ids is empty and there is no label_relations';
    case 'files-all-when-empty':
    case 'faqs-all-when-empty':
      return `${kind === 'file' ? 'chatbot_file_ids' : 'faq_ids'} is empty`;
    case 'faqs-none-when-empty':
      return 'faq_ids is empty';
    case 'labels-unsatisfiable':
      return 'no set of labels satisfies label_relations';
    case 'duplicate-kb-entries':
      return 'the knowledge base is listed more than once: only what every entry admits';
    case 'malformed':
      return 'malformed, read as nothing';
    default:
      return '';
  }
}

function setLine(set: ContentSet, kind: 'file' | 'FAQ', name: (id: string) => string): string {
  const what = set.all ? `every ${kind}` : set.ids.length === 0 ? `no ${kind}` : set.ids.map(name).join(', ');
  const why = because(set, kind);
  return why ? `${what} (${why})` : what;
}

function kbLines(k: KnowledgeBaseReach, reach: Reach, names: Names, format: ReachFormat): string[] {
  const code = (s: string): string => (format === 'markdown' ? `\`${s}\`` : s);
  const filesReached = k.files.all || k.files.ids.length > 0;
  const labelNote =
    filesReached && reach.labels
      ? `, only where the file's labels satisfy ${code(describeLabels(reach.labels.expression, names))}`
      : '';
  const files = `files: ${setLine(k.files, 'file', (id) => names.file(k.kb, id))}${labelNote}`;
  const faqs = `FAQs: ${setLine(k.faqs, 'FAQ', (id) => names.faq(k.kb, id))}`;
  return format === 'markdown'
    ? [`- **${names.kb(k.kb)}**`, `  - ${files}`, `  - ${faqs}`]
    : [names.kb(k.kb), `  ${files}`, `  ${faqs}`];
}

export function renderReach(reach: Reach, names: Names = RAW_NAMES, format: ReachFormat = 'text'): string {
  const lines: string[] = [];
  if (reach.knowledgeBases.length === 0) {
    lines.push('nothing: knowledge_bases is empty, so no knowledge base can be queried');
  }
  for (const k of reach.knowledgeBases) lines.push(...kbLines(k, reach, names, format));
  for (const problem of reach.problems) {
    lines.push(`${format === 'markdown' ? '- ' : ''}warning: ${problem} (read as granting nothing)`);
  }
  return lines.join('\n');
}

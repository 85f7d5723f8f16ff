/**
 * Comparing two reaches: is one strictly less than the other (a downgrade), and what does each
 * knowledge base gain or lose? Exact over everything the model knows: "every file" is more than
 * any list of files, declared or not; label conditions compare by implication.
 */
import { READING, type Reading } from './access-rules.js';
import { canonicalLabels, labelsImply } from './label-expression.js';
import type { ContentSet, KnowledgeBaseReach, Reach } from './types.js';

export type ReachComparison = 'less' | 'more' | 'equal' | 'incomparable';

function setLeq(a: ContentSet, b: ContentSet): boolean {
  if (b.all) return true;
  if (a.all) return false;
  return a.ids.every((id) => b.ids.includes(id));
}

function isEmpty(set: ContentSet): boolean {
  return !set.all && set.ids.length === 0;
}

function kbLeq(
  a: KnowledgeBaseReach,
  b: KnowledgeBaseReach | undefined,
  labels: boolean,
  reading: Reading,
): boolean {
  const filesEmpty = isEmpty(a.files);
  const faqsEmpty = isEmpty(a.faqs);
  if (!b) return filesEmpty && faqsEmpty;
  if (!setLeq(a.files, b.files) || !setLeq(a.faqs, b.faqs)) return false;
  const labelled = !filesEmpty || (reading.faq.labelFiltered && !faqsEmpty);
  return !labelled || labels;
}

/** Whether everything `a` reaches, `b` reaches too. */
export function reachLeq(a: Reach, b: Reach, reading: Reading = READING): boolean {
  const labels = labelsImply(a.labels, b.labels);
  return a.knowledgeBases.every((k) =>
    kbLeq(
      k,
      b.knowledgeBases.find((x) => x.kb === k.kb),
      labels,
      reading,
    ),
  );
}

/**
 * `less` when `a` reaches strictly less than `b` (every document `a` reaches, `b` reaches, and not
 * the other way round), `more` for the converse, `equal`, or `incomparable` (each reaches something
 * the other does not). The plan's downgrade rule: moving a contact from `b` to `a` is a downgrade
 * when `compareReach(a, b) === 'less'`.
 */
export function compareReach(a: Reach, b: Reach, reading: Reading = READING): ReachComparison {
  const le = reachLeq(a, b, reading);
  const ge = reachLeq(b, a, reading);
  if (le && ge) return 'equal';
  if (le) return 'less';
  if (ge) return 'more';
  return 'incomparable';
}

/** A canonical string of a reach: equal strings mean the same reach (cache and grouping key). */
export function reachKey(reach: Reach): string {
  const set = (s: ContentSet): string => (s.all ? '*' : s.ids.join(','));
  const kbs = reach.knowledgeBases.map((k) => `${k.kb}[${set(k.files)}|${set(k.faqs)}]`).join(';');
  return `${kbs}#${reach.labels ? canonicalLabels(reach.labels.expression) : ''}`;
}

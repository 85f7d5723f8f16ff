/** Compact words for reach cells and reach changes, shared by the matrix and the change list. */
import { describeLabels, describeTerm } from '../../permissions/describe.js';
import type { ReachDiff, SetChange } from '../../permissions/diff-reach.js';
import type { Names } from '../../permissions/names.js';
import type { ContentSet, KnowledgeBaseReach } from '../../permissions/types.js';

const SPELLED = 2;
/** Most ids named in one change; the rest are counted, so a line stays short. */
const LISTED = 10;

function list(ids: readonly string[], name: (id: string) => string): string {
  const shown = ids.slice(0, LISTED).map(name).join(', ');
  return ids.length > LISTED ? `${shown} and ${ids.length - LISTED} more` : shown;
}

function plural(kind: 'file' | 'FAQ', n: number): string {
  return n === 1 ? kind : `${kind}s`;
}

/** `all files`, `manual, spec-sheet`, `3 files`; undefined when the set is empty. */
function compactSet(set: ContentSet, kind: 'file' | 'FAQ', name: (id: string) => string): string | undefined {
  if (set.all) return `all ${kind}s`;
  if (set.ids.length === 0) return undefined;
  if (set.ids.length > SPELLED) return `${set.ids.length} ${kind}s`;
  return `${plural(kind, set.ids.length)} ${set.ids.map(name).join(', ')}`;
}

/** A matrix cell: `files manual¹ · FAQs pricing, shipping`, or `—`. */
export function describeCell(k: KnowledgeBaseReach | undefined, labelled: boolean, names: Names): string {
  if (!k) return '—';
  const files = compactSet(k.files, 'file', (id) => names.file(k.kb, id));
  const faqs = compactSet(k.faqs, 'FAQ', (id) => names.faq(k.kb, id));
  const parts = [files ? `${files}${labelled ? '¹' : ''}` : undefined, faqs].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

function describeSetChange(
  change: SetChange,
  kind: 'file' | 'FAQ',
  name: (id: string) => string,
): string | undefined {
  if (change.every) {
    const except = change.except?.length ? ` except ${list(change.except, name)}` : '';
    return `every ${kind}${except}`;
  }
  if (change.ids.length === 0) return undefined;
  return `${plural(kind, change.ids.length)} ${list(change.ids, name)}`;
}

/** `product-docs: gains file spec-sheet; loses FAQ shipping` per knowledge base, then the labels. */
export function describeDiff(diff: ReachDiff, names: Names, code: (s: string) => string): string[] {
  const parts: string[] = [];
  for (const k of diff.knowledgeBases) {
    const fileName = (id: string): string => names.file(k.kb, id);
    const faqName = (id: string): string => names.faq(k.kb, id);
    const side = (which: 'gained' | 'lost'): string[] =>
      [
        describeSetChange(k.files[which], 'file', fileName),
        describeSetChange(k.faqs[which], 'FAQ', faqName),
      ].filter((p): p is string => p !== undefined);
    const gains = side('gained');
    const losses = side('lost');
    const kb = code(names.kb(k.kb));
    if (k.change === 'added') parts.push(`gains ${kb} (${gains.join(', ')})`);
    else if (k.change === 'removed') parts.push(`loses ${kb} (${losses.join(', ')})`);
    else {
      const words = [
        gains.length ? `gains ${gains.join(', ')}` : '',
        losses.length ? `loses ${losses.join(', ')}` : '',
      ];
      parts.push(`${kb}: ${words.filter(Boolean).join('; ')}`);
    }
  }
  if (diff.labels) {
    const l = diff.labels;
    const expr = (e: typeof l.before): string => (e ? code(describeLabels(e, names)) : 'none');
    const terms = (list: string[][]): string => list.map((t) => code(describeTerm(t, names))).join(', ');
    const labelled = (list: string[][]): string[][] => list.filter((t) => t.length > 0);
    const words = [
      l.lost.some((t) => t.length === 0) ? 'files now need matching labels' : '',
      l.gained.some((t) => t.length === 0) ? 'files no longer need labels' : '',
      labelled(l.gained).length ? `now admits files labelled ${terms(labelled(l.gained))}` : '',
      labelled(l.lost).length ? `no longer admits files labelled ${terms(labelled(l.lost))}` : '',
    ].filter(Boolean);
    parts.push(`labels ${expr(l.before)} → ${expr(l.after)}${words.length ? ` (${words.join('; ')})` : ''}`);
  }
  return parts;
}

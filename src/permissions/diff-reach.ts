/** What a subject gains and loses between two reaches, per knowledge base and in label terms. */
import { evaluateLabels } from './label-expression.js';
import { reachesAnything } from './summarize-reach.js';
import type { ContentSet, KnowledgeBaseReach, LabelCondition, LabelExpr, Reach } from './types.js';

/** A change to one kind of content: `every` means "every item (declared or not)". */
export interface SetChange {
  every: boolean;
  ids: string[];
  /** With `every`: the items still reachable on the other side (lost: every item except these). */
  except?: string[];
}

export interface KnowledgeBaseChange {
  kb: string;
  change: 'added' | 'removed' | 'changed';
  files: { gained: SetChange; lost: SetChange };
  faqs: { gained: SetChange; lost: SetChange };
}

export interface LabelChange {
  before?: LabelExpr;
  after?: LabelExpr;
  /** Minimal label sets admitted now and not before (`[]` = files need no label now). */
  gained: string[][];
  lost: string[][];
}

export interface ReachDiff {
  knowledgeBases: KnowledgeBaseChange[];
  labels?: LabelChange;
}

const NOTHING: ContentSet = { all: false, ids: [], rule: 'kb-not-granted' };

/** `a` minus `b`. With `a` every item and `b` a list, what is lost is "every item except those". */
function minus(a: ContentSet, b: ContentSet): SetChange {
  if (b.all) return { every: false, ids: [] };
  if (a.all) return b.ids.length > 0 ? { every: true, ids: [], except: b.ids } : { every: true, ids: [] };
  return { every: false, ids: a.ids.filter((id) => !b.ids.includes(id)) };
}

function changed(c: SetChange): boolean {
  return c.every || c.ids.length > 0;
}

function kbChange(before: KnowledgeBaseReach | undefined, after: KnowledgeBaseReach | undefined, kb: string) {
  const b = before ?? { kb, files: NOTHING, faqs: NOTHING };
  const a = after ?? { kb, files: NOTHING, faqs: NOTHING };
  const change: KnowledgeBaseChange = {
    kb,
    change:
      !before || !reachesAnything(before)
        ? 'added'
        : !after || !reachesAnything(after)
          ? 'removed'
          : 'changed',
    files: { gained: minus(a.files, b.files), lost: minus(b.files, a.files) },
    faqs: { gained: minus(a.faqs, b.faqs), lost: minus(b.faqs, a.faqs) },
  };
  const any = [change.files.gained, change.files.lost, change.faqs.gained, change.faqs.lost].some(changed);
  return any ? change : undefined;
}

function termsOf(condition: LabelCondition | undefined): string[][] | undefined {
  return condition === undefined ? [[]] : condition.terms;
}

function admits(condition: LabelCondition | undefined, term: readonly string[]): boolean {
  return condition === undefined || evaluateLabels(condition.expression, new Set(term));
}

function labelChange(before: Reach, after: Reach): LabelChange | undefined {
  const b = before.labels;
  const a = after.labels;
  const bTerms = termsOf(b);
  const aTerms = termsOf(a);
  const gained = (aTerms ?? []).filter((t) => !admits(b, t));
  const lost = (bTerms ?? []).filter((t) => !admits(a, t));
  const unexpanded = bTerms === undefined || aTerms === undefined;
  const sameExpression = JSON.stringify(b?.expression) === JSON.stringify(a?.expression);
  if (gained.length === 0 && lost.length === 0 && (!unexpanded || sameExpression)) return undefined;
  const change: LabelChange = { gained, lost };
  if (b) change.before = b.expression;
  if (a) change.after = a.expression;
  return change;
}

function reachesFiles(reach: Reach): boolean {
  return reach.knowledgeBases.some((k) => k.files.all || k.files.ids.length > 0);
}

/** Gains and losses from `before` to `after`; empty lists when nothing changes. */
export function diffReach(before: Reach, after: Reach): ReachDiff {
  const ids = [...new Set([...before.knowledgeBases, ...after.knowledgeBases].map((k) => k.kb))].sort();
  const knowledgeBases = ids
    .map((kb) =>
      kbChange(
        before.knowledgeBases.find((k) => k.kb === kb),
        after.knowledgeBases.find((k) => k.kb === kb),
        kb,
      ),
    )
    .filter((c): c is KnowledgeBaseChange => c !== undefined);
  const diff: ReachDiff = { knowledgeBases };
  // Labels only filter files: a label change matters where files are reachable before or after.
  if (reachesFiles(before) || reachesFiles(after)) {
    const labels = labelChange(before, after);
    if (labels) diff.labels = labels;
  }
  return diff;
}

export function isEmptyDiff(diff: ReachDiff): boolean {
  return diff.knowledgeBases.length === 0 && diff.labels === undefined;
}

/**
 * Label expressions are positive (AND/OR over labels, no NOT), so every question the model asks of
 * them has an exact, cheap answer: evaluation over a document's labels, satisfiability (evaluate
 * over every label mentioned), and the minimal satisfying label sets (prime implicants).
 */
import { READING } from './access-rules.js';
import type { LabelCondition, LabelExpr } from './types.js';

/** Bound on the number of terms when expanding an expression into its minimal label sets. */
export const MAX_TERMS = 1024;

export function evaluateLabels(expr: LabelExpr, labels: ReadonlySet<string>): boolean {
  if ('label' in expr) return labels.has(expr.label);
  if ('invalid' in expr) return false;
  if (expr.of.length === 0) return READING.emptyGroupHolds;
  return expr.op === 'AND'
    ? expr.of.every((e) => evaluateLabels(e, labels))
    : expr.of.some((e) => evaluateLabels(e, labels));
}

export function mentionedLabels(expr: LabelExpr, into = new Set<string>()): Set<string> {
  if ('label' in expr) into.add(expr.label);
  else if ('of' in expr) for (const e of expr.of) mentionedLabels(e, into);
  return into;
}

/** Whether some set of labels satisfies the expression. */
export function isSatisfiable(expr: LabelExpr): boolean {
  return evaluateLabels(expr, mentionedLabels(expr));
}

/** A small set of labels that satisfies the expression (the first way in), or undefined when none does. */
export function witnessLabels(expr: LabelExpr): string[] | undefined {
  if ('label' in expr) return [expr.label];
  if ('invalid' in expr) return undefined;
  if (expr.of.length === 0) return READING.emptyGroupHolds ? [] : undefined;
  const parts = expr.of.map(witnessLabels);
  if (expr.op === 'OR') return parts.find((p) => p !== undefined);
  if (parts.some((p) => p === undefined)) return undefined;
  return [...new Set(parts.flatMap((p) => p ?? []))].sort();
}

function minimize(terms: string[][]): string[][] {
  const unique = new Map<string, string[]>();
  for (const t of terms) {
    const sorted = [...new Set(t)].sort();
    unique.set(sorted.join('\u0000'), sorted);
  }
  const bySize = [...unique.values()].sort((a, b) => a.length - b.length || compareTerms(a, b));
  const kept: string[][] = [];
  for (const t of bySize) if (!kept.some((k) => k.every((l) => t.includes(l)))) kept.push(t);
  return kept.sort(compareTerms);
}

export function compareTerms(a: readonly string[], b: readonly string[]): number {
  const x = a.join(' ');
  const y = b.join(' ');
  return a.length - b.length || (x < y ? -1 : x > y ? 1 : 0);
}

/** The minimal label sets that satisfy the expression; `[]` when none does; undefined past `cap` terms. */
export function labelTerms(expr: LabelExpr, cap = MAX_TERMS): string[][] | undefined {
  if ('label' in expr) return [[expr.label]];
  if ('invalid' in expr) return [];
  if (expr.of.length === 0) return READING.emptyGroupHolds ? [[]] : [];
  let result: string[][] = expr.op === 'AND' ? [[]] : [];
  for (const child of expr.of) {
    const terms = labelTerms(child, cap);
    if (terms === undefined) return undefined;
    if (expr.op === 'OR') result = result.concat(terms);
    else result = result.flatMap((a) => terms.map((b) => [...a, ...b]));
    if (result.length > cap) return undefined;
    result = minimize(result);
  }
  return result;
}

export function labelCondition(expr: LabelExpr): LabelCondition {
  const terms = labelTerms(expr);
  return terms === undefined ? { expression: expr } : { expression: expr, terms };
}

/** A canonical string for an expression (operands sorted), for equality and cache keys. */
export function canonicalLabels(expr: LabelExpr): string {
  if ('label' in expr) return expr.label;
  if ('invalid' in expr) return '!';
  return `${expr.op}(${expr.of.map(canonicalLabels).sort().join(',')})`;
}

/**
 * Whether every label set admitted by `a` is admitted by `b` (undefined = no condition: every set).
 * Exact when `a` could be expanded; otherwise only equal expressions are known to imply each other.
 */
export function labelsImply(a: LabelCondition | undefined, b: LabelCondition | undefined): boolean {
  if (b === undefined) return true;
  const terms = a === undefined ? [[]] : a.terms;
  if (terms !== undefined) return terms.every((t) => evaluateLabels(b.expression, new Set(t)));
  return canonicalLabels(a!.expression) === canonicalLabels(b.expression);
}

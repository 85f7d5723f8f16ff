/** Short, alias-speaking descriptions of model values, shared by reasons and renderers. */
import type { Names } from './names.js';
import type { ContentSet, Document, LabelExpr } from './types.js';

/** A label expression in the config's own flow syntax: `{ any: [vip, { all: [a, b] }] }`. */
export function describeLabels(expr: LabelExpr, names: Names): string {
  if ('label' in expr) return names.label(expr.label);
  if ('invalid' in expr) return `(invalid: ${expr.invalid})`;
  const items = expr.of.map((e) => describeLabels(e, names)).join(', ');
  return `{ ${expr.op === 'AND' ? 'all' : 'any'}: [${items}] }`;
}

/** One minimal label set: `enterprise + advanced`; the empty set reads `any labels`. */
export function describeTerm(term: readonly string[], names: Names): string {
  return term.length === 0 ? 'any labels' : term.map((l) => names.label(l)).join(' + ');
}

export function describeLabelSet(labels: readonly string[], names: Names): string {
  return labels.length === 0 ? 'no labels' : `labels [${labels.map((l) => names.label(l)).join(', ')}]`;
}

/**
 * `file manual of product-docs`, `FAQ pricing of product-docs`, `knowledge base product-docs`;
 * with labels and neither file nor FAQ, the content is any file: `a file of product-docs with …`.
 */
export function describeDocument(doc: Document, names: Names): string {
  const kb = names.kb(doc.kb);
  const what =
    doc.file !== undefined
      ? `file ${names.file(doc.kb, doc.file)} of ${kb}`
      : doc.faq !== undefined
        ? `FAQ ${names.faq(doc.kb, doc.faq)} of ${kb}`
        : doc.labels !== undefined
          ? `a file of ${kb}`
          : `knowledge base ${kb}`;
  if (doc.labels === undefined) return what;
  return `${what} with ${describeLabelSet(doc.labels, names)}`;
}

/** Most ids named in one sentence; the rest are counted. */
const LISTED = 10;

/** `every file`, `manual, spec-sheet`, `no file`. */
export function describeSet(set: ContentSet, kind: 'file' | 'FAQ', names: (id: string) => string): string {
  if (set.all) return `every ${kind}`;
  if (set.ids.length === 0) return `no ${kind}`;
  const shown = set.ids.slice(0, LISTED).map(names).join(', ');
  return set.ids.length > LISTED ? `${shown} and ${set.ids.length - LISTED} more` : shown;
}

/**
 * A deny with labels (`deny: { kb, labels: [cost-price] }`) guards the files carrying those labels.
 * It is violated when such a file is reachable *because of* those labels: the subject has no label
 * condition at all, or one way to satisfy its condition uses a denied label (`any: [cost-price]`,
 * `all: [cost-price, distributor]`). A condition met without them (`any: [distributor]`) does not
 * violate it: a file labelled both is reachable, but through `distributor`.
 */
import type { Verdict } from './check-policies.js';
import { describeLabels, describeTerm } from './describe.js';
import { evaluateLabels, mentionedLabels } from './label-expression.js';
import type { Names } from './names.js';
import type { Decision, Reach } from './types.js';

export function judgeLabelledDeny(
  reach: Reach,
  denied: readonly string[],
  files: Decision,
  names: Names,
): Verdict {
  const base = files.reason;
  const deniedText = denied.map((l) => names.label(l)).join(', ');
  if (!reach.labels) {
    return {
      violated: true,
      reason: `${base}; there is no label_relations, so files carrying ${deniedText} are reachable [labels-absent]`,
      labelsCause: false,
      labelsInvolved: false,
    };
  }
  const deniedSet = new Set(denied);
  const expr = reach.labels.expression;
  const exprText = describeLabels(expr, names);
  const terms = reach.labels.terms;
  if (terms === undefined) {
    const named = [...mentionedLabels(expr)].filter((l) => deniedSet.has(l));
    if (named.length === 0)
      return { violated: false, reason: base, labelsCause: false, labelsInvolved: false };
    return {
      violated: true,
      reason: `${base}; label_relations ${exprText} names ${named.map((l) => names.label(l)).join(', ')} [labels-hold]`,
      labelsCause: true,
      labelsInvolved: true,
    };
  }
  const term = terms.find((t) => !evaluateLabels(expr, new Set(t.filter((l) => !deniedSet.has(l)))));
  if (!term) return { violated: false, reason: base, labelsCause: false, labelsInvolved: false };
  const through = term.filter((l) => deniedSet.has(l));
  const via = through.length > 0 ? through : denied;
  return {
    violated: true,
    reason:
      `${base}; label_relations ${exprText} admits files labelled ${describeTerm(term, names)}, ` +
      `through ${via.map((l) => names.label(l)).join(', ')} [labels-hold]`,
    labelsCause: true,
    labelsInvolved: true,
  };
}

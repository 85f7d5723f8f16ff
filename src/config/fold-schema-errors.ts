/**
 * Folds the errors of anyOf/oneOf branches. ajv (allErrors) reports every failing branch, then the
 * combinator. When some branch got past this level (its errors sit deeper), it is the one the author
 * meant: keep its errors and drop the rest. When every branch failed right here, keep only the
 * combinator, which validate-schema words as "expected one of these shapes".
 *
 * ajv evaluates applicators before a schema's other keywords and reports a combinator right after
 * its branches, so a combinator's branch errors are the run just before it inside its instance path.
 */
import type { ErrorObject } from 'ajv';

const COMBINATORS = new Set(['anyOf', 'oneOf']);

function within(path: string, parent: string): boolean {
  return parent === '' || path === parent || path.startsWith(`${parent}/`);
}

export function foldErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const owner = new Map<ErrorObject, ErrorObject>();
  errors.forEach((error, i) => {
    if (!COMBINATORS.has(error.keyword)) return;
    const at = error.instancePath;
    const members: ErrorObject[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const e = errors[j] as ErrorObject;
      if (!within(e.instancePath, at)) break;
      const claimedBy = owner.get(e);
      if (claimedBy && claimedBy.instancePath === at) break; // a sibling combinator's branch
      if (COMBINATORS.has(e.keyword) && e.instancePath === at) break;
      members.push(e);
    }
    for (const e of members) if (!owner.has(e)) owner.set(e, error);
    const live = members.filter((e) => !dropped.has(e));
    const deep = live.filter((e) => e.instancePath !== at);
    for (const e of live) if (e.instancePath === at) dropped.add(e);
    if (deep.length > 0) dropped.add(error);
  });
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (dropped.has(e)) return false;
    // The errors inside `propertyNames` repeat what its own error says about the name.
    if (e.propertyName !== undefined && e.keyword !== 'propertyNames') return false;
    const key = `${e.instancePath}|${e.keyword}|${e.message ?? ''}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

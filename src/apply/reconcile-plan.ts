/**
 * A saved plan is checked against what is live before it is carried out (apply refreshes first, with or
 * without a plan file). A create whose contact now exists live (an earlier apply's POST landed but was
 * never recorded, or someone made it) becomes an adoption: never a second POST. An update, revoke or
 * no-op whose contact is gone, or now has another id, means the plan no longer applies: refused.
 */
import { PlanError } from '../errors.js';
import { diffBodies } from '../plan/diff-bodies.js';
import { sameBody } from '../resolve/canonical-body.js';
import type { Change, LiveBody } from '../plan/types.js';
import { identityKey } from '../resolve/identity.js';

export function reconcilePlan(changes: readonly Change[], live: ReadonlyMap<string, LiveBody>): Change[] {
  const problems: string[] = [];
  const result = changes.map((change): Change => {
    const current = live.get(identityKey(change.inbox, change.source_id));
    if (change.action === 'create') {
      if (!current || !change.after) return change;
      const same = sameBody(current.body, change.after);
      return {
        ...change,
        action: same ? 'no-op' : 'update',
        contact_id: current.contact_id,
        before: current.body,
        changed_fields: same ? [] : diffBodies(current.body, change.after),
        adopted: true,
      };
    }
    if (change.action === 'update' || change.action === 'revoke' || change.action === 'no-op') {
      if (!current) problems.push(`${change.address} no longer exists in MaiAgent`);
      else if (change.contact_id !== null && current.contact_id !== change.contact_id) {
        problems.push(`${change.address} is now contact ${current.contact_id}, not ${change.contact_id}`);
      }
    }
    return change;
  });
  if (problems.length > 0) {
    throw new PlanError(
      `the plan no longer applies (MaiAgent changed since it was made); make a new plan:\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    );
  }
  return result;
}

/** Wording shared by the plan reporters. */
import type { Change, Plan, PlanFinding } from '../../plan/types.js';

export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  return (
    `${s.create} to create, ${s.update} to update, ${s.revoke} to revoke, ${s.delete} to delete, ` +
    `${s.forget} to forget; ${s.no_op} unchanged`
  );
}

export function sourceLine(plan: Plan): string {
  const state = plan.state
    ? `state serial ${plan.state.serial} (lineage ${plan.state.lineage.slice(0, 8)})`
    : 'no state yet';
  const live = plan.refreshed
    ? 'refreshed from MaiAgent'
    : 'offline: planned from state, without reading MaiAgent';
  const targets = plan.targets ? `; limited to ${plan.targets.join(', ')}` : '';
  return `${state}; ${live}; on_removal: ${plan.on_removal}${targets}`;
}

export function tierText(change: Change): string {
  const { before, after } = change.tier;
  if (change.action === 'create') return after ? `tier ${after}` : 'no tier';
  if (before === after) return before ? `tier ${before}` : 'no tier';
  if (after === null) return `was tier ${before ?? '(none)'}`;
  return `tier ${before ?? '(none)'} → ${after}`;
}

/** Changes worth showing one by one: everything but plain no-ops. */
export function isShown(change: Change): boolean {
  return (
    change.action !== 'no-op' || change.adopted || change.drift || change.tier.before !== change.tier.after
  );
}

export function noOpNote(change: Change): string {
  if (change.adopted)
    return `adopt the existing contact ${change.contact_id ?? ''}; its body is already as declared`;
  if (change.tier.before !== change.tier.after) return 'tier recorded in state; the body does not change';
  if (change.after && change.tier.after === null && change.tier.before !== null) return 'already revoked';
  return 'no change';
}

/** One copy of a contact as a finding lists it: `<id>, created <when>[, managed][, revoked]`. */
export function copyLine(copy: PlanFinding['copies'][number]): string {
  const tags = [copy.managed ? 'managed (in state)' : '', copy.revoked ? 'revoked' : ''].filter(Boolean);
  return `${copy.contact_id}, created ${copy.created_at || 'unknown'}${tags.length ? `, ${tags.join(', ')}` : ''}`;
}

/** The plan's findings, errors first (a plan file of an older version has none). */
export function sortedFindings(plan: Plan): PlanFinding[] {
  const rank = (f: PlanFinding): number => (f.severity === 'error' ? 0 : 1);
  return [...(plan.findings ?? [])].sort(
    (a, b) => rank(a) - rank(b) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
  );
}

/**
 * What a plan does to tiers, for reviewers: contacts moving between tiers ("member → vip"), and what
 * each tier (or move) gains or loses by knowledge base, file, FAQ and label.
 */
import { atomKey, grantDelta, type GrantAtom } from '../../plan/grant-atoms.js';
import type { Plan } from '../../plan/types.js';

export interface TierMove {
  from: string;
  to: string;
  count: number;
  /** Sorted; the first few only. */
  addresses: string[];
}

export interface AtomCount {
  atom: GrantAtom;
  count: number;
}

export interface TierDelta {
  /** `vip` for contacts staying in a tier; `member → vip` for a move; `vip → (revoked)` for revokes. */
  label: string;
  contacts: number;
  gains: AtomCount[];
  losses: AtomCount[];
}

export const MOVE_ADDRESSES_SHOWN = 10;

export function tierMoves(plan: Plan): TierMove[] {
  const moves = new Map<string, TierMove>();
  for (const c of plan.changes) {
    const { before, after } = c.tier;
    if (before === null || after === null || before === after) continue;
    if (c.action !== 'update' && c.action !== 'no-op') continue;
    const key = `${before}\u0000${after}`;
    const move = moves.get(key) ?? { from: before, to: after, count: 0, addresses: [] };
    move.count += 1;
    if (move.addresses.length < MOVE_ADDRESSES_SHOWN) move.addresses.push(c.address);
    moves.set(key, move);
  }
  return [...moves.values()].sort(
    (a, b) => b.count - a.count || compare(`${a.from} ${a.to}`, `${b.from} ${b.to}`),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupLabel(before: string | null, after: string | null, revoked: boolean): string {
  if (revoked) return `${before ?? '(no tier)'} → (revoked)`;
  if (before === after) return before ?? '(no tier)';
  return `${before ?? '(no tier)'} → ${after ?? '(no tier)'}`;
}

function tally(map: Map<string, AtomCount>, atoms: GrantAtom[]): void {
  for (const atom of atoms) {
    const key = atomKey(atom);
    const hit = map.get(key);
    if (hit) hit.count += 1;
    else map.set(key, { atom, count: 1 });
  }
}

const byKey = (a: AtomCount, b: AtomCount): number => compare(atomKey(a.atom), atomKey(b.atom));

export function tierDeltas(plan: Plan): TierDelta[] {
  const groups = new Map<
    string,
    { contacts: number; gains: Map<string, AtomCount>; losses: Map<string, AtomCount> }
  >();
  for (const c of plan.changes) {
    if ((c.action !== 'update' && c.action !== 'revoke') || !c.before || !c.after) continue;
    const label = groupLabel(c.tier.before, c.tier.after, c.action === 'revoke');
    const group = groups.get(label) ?? {
      contacts: 0,
      gains: new Map<string, AtomCount>(),
      losses: new Map<string, AtomCount>(),
    };
    const { gains, losses } = grantDelta(c.before.query_metadata, c.after.query_metadata);
    group.contacts += 1;
    tally(group.gains, gains);
    tally(group.losses, losses);
    groups.set(label, group);
  }
  return [...groups.entries()]
    .map(([label, g]) => ({
      label,
      contacts: g.contacts,
      gains: [...g.gains.values()].sort(byKey),
      losses: [...g.losses.values()].sort(byKey),
    }))
    .filter((d) => d.gains.length > 0 || d.losses.length > 0)
    .sort((a, b) => compare(a.label, b.label));
}

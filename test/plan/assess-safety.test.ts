import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/errors.js';
import { assessSafety, enforceSafety, extendsDowngrade } from '../../src/plan/assess-safety.js';
import { planChanges } from '../../src/plan/plan-changes.js';
import type { Action, Change } from '../../src/plan/types.js';
import { createResolver } from '../../src/resolve/resolve-contacts.js';
import { configFromYaml, HEADER } from '../helpers/config.js';
import { entryFor, stateOf } from '../helpers/plan.js';

function change(action: Action, before: string | null = 'member', after: string | null = 'member'): Change {
  return {
    address: `web/${Math.random()}`,
    action,
    contact_id: 'x',
    inbox: 'i',
    source_id: 's',
    tier: { before, after },
    before: null,
    after: null,
    changed_fields: [],
    drift: false,
    drift_fields: [],
    adopted: false,
    warnings: [],
  };
}

const many = (n: number, action: Action) => Array.from({ length: n }, () => change(action));

describe('the mass-change rule', () => {
  it('trips above 30 % of at least 10 managed contacts, counting updates, revokes and deletes', () => {
    const changes = [
      ...many(2, 'update'),
      change('revoke'),
      change('delete'),
      ...many(50, 'create'),
      ...many(6, 'no-op'),
    ];
    const safety = assessSafety(changes, { managed: 10 });
    expect(safety.requires_force).toBe(true);
    expect(safety.reasons).toEqual([
      {
        rule: 'mass-change',
        message: 'the plan would update, revoke or delete 4 of 10 managed contacts (40 %, more than 30 %)',
      },
    ]);
  });

  it('does not trip at exactly 30 %', () => {
    expect(assessSafety(many(3, 'update'), { managed: 10 }).requires_force).toBe(false);
  });

  it('does not apply below 10 managed contacts', () => {
    expect(assessSafety(many(9, 'revoke'), { managed: 9 }).requires_force).toBe(false);
  });

  it('ignores forget (nothing changes in MaiAgent)', () => {
    expect(assessSafety(many(10, 'forget'), { managed: 10 }).requires_force).toBe(false);
  });
});

describe('tier downgrades', () => {
  const resolver = createResolver(
    configFromYaml(`${HEADER}tiers:
  visitor: {}
  member: { extends: visitor }
  vip: { extends: member }
  partner: { extends: visitor }
`).value,
  );
  const isDowngrade = extendsDowngrade((t) =>
    t in { visitor: 1, member: 1, vip: 1, partner: 1 } ? resolver.tier(t).chain : undefined,
  );

  it('is a move to a tier the old one extends, directly or further up', () => {
    expect(isDowngrade('vip', 'member')).toBe(true);
    expect(isDowngrade('vip', 'visitor')).toBe(true);
    expect(isDowngrade('member', 'vip')).toBe(false);
    expect(isDowngrade('partner', 'member')).toBe(false);
    expect(isDowngrade('vip', 'vip')).toBe(false);
    expect(isDowngrade('removed-tier', 'visitor')).toBe(false);
  });

  it("gives the mass-change reason first, then each downgrade in the plan's order", () => {
    const changes = [
      change('update', 'member', 'vip'),
      change('update', 'vip', 'visitor'),
      change('revoke'),
      change('update', 'vip', 'member'),
      ...many(6, 'no-op'),
    ];
    const safety = assessSafety(changes, { managed: 10, isDowngrade });
    expect(safety.reasons.map((r) => [r.rule, r.address])).toEqual([
      ['mass-change', undefined],
      ['downgrade', changes[1]?.address],
      ['downgrade', changes[3]?.address],
    ]);
    expect(safety.reasons[0]?.message).toContain('4 of 10 managed contacts (40 %');
  });

  it('names each downgraded contact, and only for updates', () => {
    const changes = [
      change('update', 'vip', 'visitor'),
      change('update', 'member', 'vip'),
      change('create', null, 'visitor'),
    ];
    const safety = assessSafety(changes, { managed: 3, isDowngrade });
    expect(safety.reasons).toEqual([
      {
        rule: 'downgrade',
        message: `${changes[0]?.address} moves from tier vip down to visitor`,
        address: changes[0]?.address,
        from: 'vip',
        to: 'visitor',
      },
    ]);
  });

  it('is computed by planChanges from state tiers and carried in the plan', () => {
    const config = configFromYaml(`${HEADER}tiers:
  visitor: { knowledge_bases: [{ kb: docs }] }
  vip: { extends: visitor, labels: vip }
contacts:
  - { source_id: u1, name: U, inbox: web, tier: visitor }
`);
    const r = createResolver(config.value);
    const [desired] = r.contacts();
    if (!desired) throw new Error('no contact');
    const state = stateOf([entryFor(desired, { tier: 'vip', body: { ...desired.body, name: 'other' } })]);
    const plan = planChanges({
      desired: [desired],
      state,
      configDigest: 'x',
      isDowngrade: extendsDowngrade((t) => r.tier(t).chain),
    });
    expect(plan.safety.reasons.map((s) => s.rule)).toEqual(['downgrade']);
    expect(() => enforceSafety(plan, { force: false })).toThrow(PlanError);
    expect(() => enforceSafety(plan, { force: false })).toThrow('web/u1 moves from tier vip down to visitor');
    expect(() => enforceSafety(plan, { force: true })).not.toThrow();
  });
});

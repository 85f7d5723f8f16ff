import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/errors.js';
import { extendsDowngrade } from '../../src/plan/assess-safety.js';
import { hasChanges, planChanges, type PlanChangesInput } from '../../src/plan/plan-changes.js';
import { DENY_ALL } from '../../src/plan/revoked-body.js';
import type { LiveBody } from '../../src/plan/types.js';
import { createResolver } from '../../src/resolve/resolve-contacts.js';
import type { ResolvedContact } from '../../src/resolve/types.js';
import { configFromYaml, HEADER, IDS } from '../helpers/config.js';
import { openState } from '../../src/state/open-state.js';
import { encodeState } from '../../src/state/state-file.js';
import type { StateStore } from '../../src/state/store.js';
import type { StateEntry } from '../../src/state/types.js';
import { entryFor, stateOf } from '../helpers/plan.js';
import { tempDir } from '../helpers/tmp.js';

const TIERS = `tiers:
  visitor:
    knowledge_bases: [{ kb: docs, faqs: [pricing] }]
  member:
    extends: visitor
    knowledge_bases: [{ kb: docs, files: [manual], faqs: [pricing, shipping] }]
  vip:
    extends: member
    labels: vip
`;

function setup(contacts: string, tiers = TIERS) {
  const config = configFromYaml(`${HEADER}${tiers}contacts:\n${contacts}`);
  const resolver = createResolver(config.value);
  const desired = resolver.contacts();
  const by = (sourceId: string): ResolvedContact => {
    const found = desired.find((c) => c.sourceId === sourceId);
    if (!found) throw new Error(sourceId);
    return found;
  };
  const base = (extra: Partial<PlanChangesInput> = {}): PlanChangesInput => ({
    desired,
    state: null,
    configDigest: 'sha256:test',
    isDowngrade: extendsDowngrade((t) => resolver.tier(t).chain),
    inboxAlias: (id) => (id === IDS.web ? 'web' : id === IDS.app ? 'app' : undefined),
    ...extra,
  });
  return { desired, by, base, resolver };
}

const THREE = `  - { source_id: c, name: C, inbox: web, tier: vip }
  - { source_id: a, name: A, inbox: web, tier: visitor }
  - { source_id: b, name: B, inbox: app, tier: member }
`;

describe('offline plans', () => {
  it('creates every contact on an empty state, sorted by address', () => {
    const { base } = setup(THREE);
    const plan = planChanges(base());
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ['app/b', 'create'],
      ['web/a', 'create'],
      ['web/c', 'create'],
    ]);
    expect(plan.summary).toEqual({ create: 3, update: 0, revoke: 0, delete: 0, forget: 0, no_op: 0 });
    expect(plan.changes[0]).toMatchObject({
      contact_id: null,
      inbox: IDS.app,
      source_id: 'b',
      tier: { before: null, after: 'member' },
      before: null,
      drift: false,
      adopted: false,
    });
    expect(plan.state).toBeNull();
    expect(plan.refreshed).toBe(false);
    expect(hasChanges(plan)).toBe(true);
  });

  it('shares, offline, one tier pair per pair of tiers and its empty lists (frozen), never a list a refresh may add to', () => {
    const { base } = setup(`${THREE}  - { source_id: d, name: D, inbox: app, tier: member }\n`);
    const plan = planChanges(base());
    const [b, d] = plan.changes.filter((c) => c.tier.after === 'member');
    expect(b?.tier).toBe(d?.tier);
    for (const c of plan.changes) {
      expect(Object.isFrozen(c.tier)).toBe(true);
      for (const list of [c.warnings, c.changed_fields, c.drift_fields])
        expect(Object.isFrozen(list)).toBe(true);
    }
    const live = new Map<string, LiveBody>();
    const refreshed = planChanges(base({ live }));
    for (const c of refreshed.changes) expect(Object.isFrozen(c.warnings)).toBe(false);
  });

  it('is deterministic: the same inputs give byte-identical JSON', () => {
    const { base, desired } = setup(THREE);
    const state = stateOf([entryFor(desired[0] as ResolvedContact)]);
    const one = JSON.stringify(planChanges(base({ state })));
    const two = JSON.stringify(planChanges(base({ state, desired: [...desired].reverse() })));
    expect(two).toBe(one);
  });

  it('is a no-op when state holds the same body, however it is spelled', () => {
    const { base, desired, by } = setup(THREE);
    const respelled = entryFor(by('a'), {
      body: {
        ...by('a').body,
        inbox: IDS.web.toUpperCase(),
        query_metadata: {
          knowledge_bases: [
            { has_user_selected_all: 'false', faq_ids: [IDS.pricing], knowledge_base_id: IDS.docs } as never,
          ],
        },
      },
    });
    const state = stateOf([respelled, entryFor(by('b')), entryFor(by('c'))]);
    const plan = planChanges(base({ state }));
    expect(plan.changes.map((c) => c.action)).toEqual(['no-op', 'no-op', 'no-op']);
    expect(plan.changes[1]).toMatchObject({
      contact_id: 'id-a',
      tier: { before: 'visitor', after: 'visitor' },
    });
    expect(plan.state).toEqual({ lineage: 'lineage-1', serial: 7 });
    expect(hasChanges(plan)).toBe(false);
    expect(desired).toHaveLength(3);
  });

  it('updates a changed body and names the changed fields; tier before comes from state', () => {
    const { base, by } = setup(THREE);
    const state = stateOf([
      entryFor(by('a'), { body: { ...by('a').body, name: 'Old name' } }),
      entryFor(by('b'), { body: by('a').body, tier: 'visitor' }),
      entryFor(by('c')),
    ]);
    const plan = planChanges(base({ state }));
    const [b, a] = plan.changes;
    expect(a).toMatchObject({ address: 'web/a', action: 'update', changed_fields: ['name'] });
    expect(b).toMatchObject({
      address: 'app/b',
      action: 'update',
      tier: { before: 'visitor', after: 'member' },
    });
    expect(b?.changed_fields).toEqual([
      'inbox',
      'name',
      `query_metadata.knowledge_bases[${IDS.docs}].chatbot_file_ids`,
      `query_metadata.knowledge_bases[${IDS.docs}].faq_ids`,
      'source_id',
    ]);
    expect(b?.before).toEqual(by('a').body);
    expect(b?.after).toBe(by('b').body);
  });
});

describe('contacts no longer declared', () => {
  function removed(onRemoval: 'revoke' | 'delete' | 'keep', gone = entryFor(setup(THREE).by('c'))) {
    const { base, desired } = setup(THREE);
    const state = stateOf([...desired.slice(1).map((c) => entryFor(c)), gone]);
    return planChanges(base({ desired: desired.slice(1), state, onRemoval }));
  }

  it('are revoked by default: the last body with a deny-all query_metadata', () => {
    const plan = removed('revoke');
    const change = plan.changes.find((c) => c.address === 'web/c');
    expect(change).toMatchObject({
      action: 'revoke',
      contact_id: 'id-c',
      tier: { before: 'vip', after: null },
    });
    expect(change?.after).toEqual({ ...change?.before, query_metadata: { knowledge_bases: [] } });
    expect(change?.changed_fields).toEqual([
      `query_metadata.knowledge_bases[${IDS.docs}]`,
      'query_metadata.label_relations',
    ]);
    expect(plan.summary.revoke).toBe(1);
  });

  it('are a no-op once revoked', () => {
    const { by } = setup(THREE);
    const plan = removed(
      'revoke',
      entryFor(by('c'), { body: { ...by('c').body, query_metadata: DENY_ALL }, tier: null }),
    );
    expect(plan.changes.find((c) => c.address === 'web/c')?.action).toBe('no-op');
    expect(hasChanges(plan)).toBe(false);
  });

  it('are deleted with on_removal: delete, with a note about --allow-delete', () => {
    const change = removed('delete').changes.find((c) => c.address === 'web/c');
    expect(change).toMatchObject({ action: 'delete', after: null });
    expect(change?.warnings.join()).toContain('--allow-delete');
  });

  it('are forgotten with on_removal: keep', () => {
    const plan = removed('keep');
    expect(plan.changes.find((c) => c.address === 'web/c')).toMatchObject({ action: 'forget', after: null });
    expect(plan.summary.forget).toBe(1);
    expect(hasChanges(plan)).toBe(true);
  });

  it('are addressed with the current alias of their inbox, or the address stored when none', () => {
    const { base, by } = setup(THREE);
    const renamed = { ...entryFor(by('c')), address: 'old-alias/c' };
    const unknownInbox = {
      ...entryFor(by('a')),
      inbox: 'ffffffff-0000-4000-8000-000000000000',
      identity: 'ffffffff-0000-4000-8000-000000000000/a',
      address: 'gone/a',
    };
    const plan = planChanges(base({ desired: [], state: stateOf([renamed, unknownInbox]) }));
    expect(plan.changes.map((c) => c.address)).toEqual(['gone/a', 'web/c']);
  });
});

describe('--target', () => {
  it('limits the plan to exact addresses and inbox wildcards, and warns about targets matching nothing', () => {
    const { base } = setup(THREE);
    const plan = planChanges(base({ targets: ['web/c', 'app/*', 'web/nobody'] }));
    expect(plan.changes.map((c) => c.address)).toEqual(['app/b', 'web/c']);
    expect(plan.targets).toEqual(['app/*', 'web/c', 'web/nobody']);
    expect(plan.warnings).toEqual(['target web/nobody matches no contact']);
  });
});

describe('refreshed plans (live contacts)', () => {
  const live = (entries: [ResolvedContact, LiveBody][]) => new Map(entries.map(([c, l]) => [c.identity, l]));

  it('reports drift separately from config changes', () => {
    const { base, by } = setup(THREE);
    const state = stateOf([entryFor(by('a')), entryFor(by('b')), entryFor(by('c'))]);
    const edited = { ...by('a').body, query_metadata: { knowledge_bases: [] } };
    const plan = planChanges(
      base({
        state,
        live: live([
          [by('a'), { contact_id: 'id-a', body: edited }],
          [by('b'), { contact_id: 'id-b', body: by('b').body }],
          [by('c'), { contact_id: 'id-c', body: by('c').body }],
        ]),
      }),
    );
    const a = plan.changes.find((c) => c.address === 'web/a');
    expect(a).toMatchObject({
      action: 'update',
      drift: true,
      drift_fields: [`query_metadata.knowledge_bases[${IDS.docs}]`],
    });
    expect(a?.before).toBe(edited);
    expect(plan.changes.filter((c) => c.drift)).toHaveLength(1);
    expect(plan.refreshed).toBe(true);
  });

  it('creates again a contact that state knows but MaiAgent lost', () => {
    const { base, by } = setup(THREE);
    const plan = planChanges(base({ state: stateOf([entryFor(by('a'))]), live: new Map() }));
    const a = plan.changes.find((c) => c.address === 'web/a');
    expect(a).toMatchObject({ action: 'create', drift: true, contact_id: null });
    expect(a?.warnings.join()).toContain('not found in MaiAgent');
  });

  it('adopts a live contact state does not know, as an update or a no-op, never a create', () => {
    const { base, by } = setup(THREE);
    const plan = planChanges(
      base({
        live: live([
          [by('a'), { contact_id: 'live-a', body: by('a').body }],
          [by('b'), { contact_id: 'live-b', body: { ...by('b').body, name: 'Renamed in UI' } }],
        ]),
      }),
    );
    expect(plan.changes.map((c) => [c.address, c.action, c.adopted, c.contact_id])).toEqual([
      ['app/b', 'update', true, 'live-b'],
      ['web/a', 'no-op', true, 'live-a'],
      ['web/c', 'create', false, null],
    ]);
    expect(hasChanges({ ...plan, changes: plan.changes.filter((c) => c.action === 'no-op') })).toBe(true);
  });

  it('counts live contacts it does not manage and leaves them alone', () => {
    const { base, by } = setup(THREE);
    const stranger = new Map([
      ['8a2b1c3d-4e5f-6789-abcd-ef0123456789/anon-1', { contact_id: 'x', body: by('a').body }],
    ]);
    const plan = planChanges(base({ live: stranger }));
    expect(plan.changes).toHaveLength(3);
    expect(plan.warnings).toEqual([
      '1 live contact(s) in managed inboxes are not managed by this config; left alone',
    ]);
  });

  it('counts as unmanaged only the live contacts that neither the config nor the state names', () => {
    const { base, by, desired } = setup(THREE);
    // c is in state but no longer declared (a revoke); a is declared and live; two strangers.
    const state = stateOf([entryFor(by('a')), entryFor(by('c'))]);
    const live = new Map([
      [by('a').identity, { contact_id: 'live-a', body: by('a').body }],
      [by('c').identity, { contact_id: 'live-c', body: by('c').body }],
      ['8a2b1c3d-4e5f-6789-abcd-ef0123456789/anon-1', { contact_id: 'x', body: by('a').body }],
      ['8a2b1c3d-4e5f-6789-abcd-ef0123456789/anon-2', { contact_id: 'y', body: by('a').body }],
    ]);
    const plan = planChanges(
      base({ desired: desired.filter((c) => c.sourceId !== 'c'), state, live, targets: ['app/*'] }),
    );
    expect(plan.warnings).toContain(
      '2 live contact(s) in managed inboxes are not managed by this config; left alone',
    );
  });

  it('forgets a removed contact that is already gone live, and notes a contact id that changed', () => {
    const { base, by, desired } = setup(THREE);
    const state = stateOf([entryFor(by('a')), entryFor(by('b')), entryFor(by('c'))]);
    const plan = planChanges(
      base({
        desired: desired.filter((c) => c.sourceId !== 'c'),
        state,
        live: live([
          [by('a'), { contact_id: 'other', body: by('a').body }],
          [by('b'), { contact_id: 'id-b', body: by('b').body }],
        ]),
      }),
    );
    expect(plan.changes.find((c) => c.address === 'web/c')).toMatchObject({ action: 'forget', drift: true });
    const a = plan.changes.find((c) => c.address === 'web/a');
    expect(a).toMatchObject({ action: 'no-op', contact_id: 'other' });
    expect(a?.warnings.join()).toContain('state knew contact id-a');
  });

  it('revokes against the live body when refreshed', () => {
    const { base, by, desired } = setup(THREE);
    const state = stateOf([entryFor(by('c'))]);
    const liveBody = { ...by('c').body, query_metadata: DENY_ALL };
    const plan = planChanges(
      base({
        desired: desired.filter((c) => c.sourceId !== 'c'),
        state,
        live: live([[by('c'), { contact_id: 'id-c', body: liveBody }]]),
      }),
    );
    expect(plan.changes.find((c) => c.address === 'web/c')).toMatchObject({ action: 'no-op', drift: true });
  });
});

describe('guards', () => {
  it('refuses a contact declared twice', () => {
    const { base, desired } = setup(THREE);
    expect(() => planChanges(base({ desired: [...desired, desired[0] as ResolvedContact] }))).toThrow(
      PlanError,
    );
  });
});

describe('against a compact store (what plan opens)', () => {
  const FIVE = `${THREE}  - { source_id: d, name: D, inbox: app, tier: visitor }
  - { source_id: e, name: E, inbox: web, tier: member }
`;

  /** A state file of `entries`, opened compact and in full. */
  async function stores(entries: StateEntry[]): Promise<{ compact: StateStore; full: StateStore }> {
    const path = join(tempDir('mai-plan-compact-'), 'contacts.state.json');
    const map = new Map(entries.map((e) => [e.identity, e]));
    writeFileSync(path, encodeState({ lineage: 'l-1', serial: 4, entries: map }));
    return {
      compact: await openState(path, { lock: false, compact: true }),
      full: await openState(path, { lock: false }),
    };
  }

  it.each([
    ['every contact unchanged', false],
    ['some changed, moved, new and removed', true],
  ])('plans as against a full store: %s', async (_name, changed) => {
    const { base, by, desired } = setup(FIVE);
    const entries = desired.map((c) => entryFor(c));
    if (changed) {
      entries[0] = entryFor(by('c'), { body: { ...by('c').body, name: 'Old C' } });
      entries[1] = entryFor(by('a'), { tier: 'member', body: by('b').body });
      entries.splice(2, 1); // b is created
      entries.push(entryFor(setup(`  - { source_id: gone, name: G, inbox: web, tier: vip }\n`).by('gone')));
    }
    const { compact, full } = await stores(entries);
    try {
      for (const extra of [{}, { targets: ['web/*'] }, { onRemoval: 'delete' as const }]) {
        const fast = planChanges(base({ state: compact, ...extra }));
        expect(fast).toEqual(planChanges(base({ state: full, ...extra })));
        expect(JSON.stringify(fast)).toBe(JSON.stringify(planChanges(base({ state: full, ...extra }))));
      }
      const plan = planChanges(base({ state: compact }));
      expect(plan.summary).toEqual(
        changed
          ? { create: 1, update: 2, revoke: 1, delete: 0, forget: 0, no_op: 2 }
          : { create: 0, update: 0, revoke: 0, delete: 0, forget: 0, no_op: 5 },
      );
    } finally {
      await compact.close();
    }
  });

  it('refuses a contact declared twice, in state or not', async () => {
    const { base, desired } = setup(`${THREE}  - { source_id: a, name: A, inbox: web, tier: visitor }
  - { source_id: new, name: N, inbox: web }
  - { source_id: new, name: N, inbox: web }
`);
    const { compact } = await stores(desired.slice(0, 3).map((c) => entryFor(c)));
    try {
      expect(() => planChanges(base({ state: compact, desired: desired.slice(0, 4) }))).toThrow(
        'contact web/a is declared twice',
      );
      expect(() =>
        planChanges(
          base({ state: compact, desired: [desired[0], ...desired.slice(4)] as ResolvedContact[] }),
        ),
      ).toThrow('contact web/new is declared twice');
      // each plan is a pass of its own over the same store
      expect(planChanges(base({ state: compact, desired: desired.slice(0, 3) })).summary.no_op).toBe(3);
      expect(planChanges(base({ state: compact, desired: desired.slice(0, 3) })).summary.no_op).toBe(3);
    } finally {
      await compact.close();
    }
  });

  it('decodes only the entries of changed or removed contacts', async () => {
    const { base, by, desired } = setup(FIVE);
    const entries = desired.map((c) => entryFor(c));
    entries[0] = entryFor(by('c'), { body: { ...by('c').body, name: 'Old C' } });
    const { compact } = await stores(entries);
    const asked: string[] = [];
    const get = compact.get.bind(compact);
    const spy = Object.assign(Object.create(compact) as StateStore, {
      get: (identity: string) => (asked.push(identity), get(identity)),
      join: compact.join?.bind(compact),
    });
    try {
      expect(planChanges(base({ state: spy })).summary.update).toBe(1);
      expect(asked).toEqual([by('c').identity]);
    } finally {
      await compact.close();
    }
  });
});

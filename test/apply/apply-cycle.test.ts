/**
 * The apply cycle against the emulator over real HTTP and a real state file, one behaviour per test, in
 * each response variant, in-process (the CLI's own output and exit codes are covered by
 * test/cli/apply-cycle.test.ts): creates, an empty plan after, a tier upgrade as one PUT, a revoke that
 * keeps the contact, drift shown and repaired, adoption without state (no POST), a stale saved plan
 * refused, a downgrade only with --force.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanError } from '../../src/errors.js';
import { enforceSafety } from '../../src/plan/assess-safety.js';
import { checkPlanFresh } from '../../src/plan/plan-file.js';
import { hasChanges } from '../../src/plan/plan-changes.js';
import { DENY_ALL } from '../../src/plan/revoked-body.js';
import { openState } from '../../src/state/open-state.js';
import { EXAMPLE_CONFIG } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';
import { startHarness, type Harness } from './harness.js';
import { applyInProcess, clientFor } from './in-process.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
/** contacts.yaml without its policies and permission tests (a downgrade would break those on purpose). */
const BASE = readFileSync(EXAMPLE_CONFIG, 'utf8').split('\n# Guardrails')[0] as string;
const ANON_VISITOR = 'name: Anonymous\n    inbox: web-chat\n    tier: visitor';
const ANON_MEMBER = 'name: Anonymous\n    inbox: web-chat\n    tier: member';
const WITHOUT_LIN = BASE.replace(
  / {2}- source_id: user_234567\n {4}name: Lin Mei\n {4}inbox: web-chat\n {4}tier: member\n/,
  '',
);

const VARIANTS = [
  { name: 'seed', options: { variant: 'seed' as const } },
  { name: 'current', options: { variant: 'current' as const } },
  { name: 'current + camel metadata', options: { variant: 'current' as const, camelMetadata: true } },
];

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe.each(VARIANTS)('apply cycle ($name)', ({ options }) => {
  /** The example config applied once (3 creates). */
  async function applied(): Promise<Harness> {
    const h = (harness = await startHarness(tempDir('mai-cycle-'), BASE, options));
    const first = await applyInProcess(h.dir, h.emulator);
    expect(first.result.summary).toMatchObject({ created: 3, failed: 0 });
    expect(h.emulator.stats.byMethod['POST']).toBe(3);
    h.emulator.stats.reset();
    return h;
  }
  const live = (h: Harness, sourceId: string) => h.emulator.store.findBySource(INBOX, sourceId);

  it('creates every contact, and the next plan is empty', async () => {
    const h = await applied();
    const next = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(hasChanges(next.plan)).toBe(false);
    expect(next.plan.summary.no_op).toBe(3);
  });

  it('upgrades a tier with exactly one PUT', async () => {
    const h = await applied();
    h.writeConfig(BASE.replace(ANON_VISITOR, ANON_MEMBER));
    const run = await applyInProcess(h.dir, h.emulator);
    const change = run.plan.changes.find((c) => c.source_id === 'shared-visitor');
    expect(change?.tier).toEqual({ before: 'visitor', after: 'member' });
    expect(run.result.summary).toMatchObject({ updated: 1, failed: 0 });
    expect(h.emulator.stats.byMethod).toEqual({ GET: h.emulator.stats.byMethod['GET'], PUT: 1 });
  });

  it('revokes a removed contact and keeps it', async () => {
    const h = await applied();
    h.writeConfig(WITHOUT_LIN);
    const run = await applyInProcess(h.dir, h.emulator);
    expect(run.result.summary).toMatchObject({ revoked: 1, failed: 0 });
    expect(live(h, 'user_234567')?.queryMetadata).toEqual(DENY_ALL);
    expect(live(h, 'user_234567')?.deletedAt).toBeUndefined();
  });

  it('shows drift made in MaiAgent, then repairs it', async () => {
    const h = await applied();
    const vip = live(h, 'user_123456');
    if (!vip) throw new Error('user_123456 missing');
    await clientFor(h.emulator).updateContact(vip.id, {
      name: '王小明',
      avatar: 'https://example.com/avatar.jpg',
      source_id: 'user_123456',
      inbox: INBOX,
      query_metadata: { knowledge_bases: [] },
    });
    const run = await applyInProcess(h.dir, h.emulator);
    const change = run.plan.changes.find((c) => c.source_id === 'user_123456');
    expect(change).toMatchObject({ action: 'update', drift: true });
    expect(change?.drift_fields.length).toBeGreaterThan(0);
    expect(run.result.summary).toMatchObject({ updated: 1, failed: 0 });
    expect(hasChanges((await applyInProcess(h.dir, h.emulator, { planOnly: true })).plan)).toBe(false);
  });

  it('adopts every live contact without state, sending no POST or PUT', async () => {
    const h = await applied();
    rmSync(join(h.dir, 'contacts.state.json'));
    rmSync(join(h.dir, 'contacts.state.json.journal'), { force: true });
    const run = await applyInProcess(h.dir, h.emulator);
    expect(run.plan.changes.every((c) => c.adopted)).toBe(true);
    expect(run.result.summary).toMatchObject({ recorded: 3, created: 0, failed: 0 });
    expect(h.emulator.stats.byMethod['POST']).toBeUndefined();
    expect(h.emulator.stats.byMethod['PUT']).toBeUndefined();
    const store = await openState(join(h.dir, 'contacts.state.json'), { lock: false });
    for (const sourceId of ['user_123456', 'user_234567', 'shared-visitor']) {
      expect(store.get(`${INBOX}/${sourceId}`)?.contact_id).toBe(live(h, sourceId)?.id);
    }
  });

  it('refuses a saved plan once the state has moved', async () => {
    const h = await applied();
    const saved = (await applyInProcess(h.dir, h.emulator, { planOnly: true })).plan;
    h.writeConfig(BASE.replace('name: Anonymous', 'name: Anonymous visitor'));
    await applyInProcess(h.dir, h.emulator);
    const store = await openState(join(h.dir, 'contacts.state.json'), { lock: false });
    expect(() => checkPlanFresh(saved, store.snapshot())).toThrow(/stale plan/);
  });

  it('downgrades a tier only with --force', async () => {
    const h = await applied();
    h.writeConfig(BASE.replace('    tier: vip', '    tier: visitor'));
    const run = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(() => enforceSafety(run.plan, { force: false })).toThrow(PlanError);
    expect(() => enforceSafety(run.plan, { force: false })).toThrow(
      /web-chat\/user_123456 moves from tier vip down to visitor/,
    );
    expect(() => enforceSafety(run.plan, { force: true })).not.toThrow();
    expect(h.emulator.stats.byMethod['PUT']).toBeUndefined();
  });
});

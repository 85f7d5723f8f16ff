/**
 * Two live copies of one identity are never resolved by guessing: the plan names every copy (id,
 * created) as an error-level `duplicate-live-copies` finding, apply refuses the whole plan before
 * sending anything until one is chosen (`state adopt`), the chosen copy is then managed (updated by
 * PATCH, the others revoked), and a revoke or delete reaches every copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { adoptCopy } from '../../src/apply/adopt-copy.js';
import { PlanError, StateError } from '../../src/errors.js';
import type { StoredContact } from '../../src/emulator/contact-store.js';
import { DENY_ALL } from '../../src/plan/revoked-body.js';
import { PLAN_REPORTERS } from '../../src/report/plan/index.js';
import { planJsonChunks } from '../../src/report/plan/json.js';
import { openState } from '../../src/state/open-state.js';
import { REPO_ROOT } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, readState, startHarness, type Harness } from './harness.js';
import { applyInProcess, clientFor } from './in-process.js';

const WEB = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const APP = '0b0b0b0b-0000-4000-8000-000000000001';
const schema = JSON.parse(readFileSync(`${REPO_ROOT}schemas/plan.schema.json`, 'utf8')) as object;
const validatePlan = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** generatedConfig(3) without user-1. */
const withoutUser1 = (): string => generatedConfig(3).replace(/.*source_id: user-1,.*\n/, '');

/** A harness whose MaiAgent holds two copies of web/user-1 that no state knows (A older than B). */
async function twoCopies(
  prefix: string,
  config = generatedConfig(3),
): Promise<[Harness, StoredContact, StoredContact]> {
  const h = (harness = await startHarness(tempDir(prefix), config));
  const [a, b] = h.emulator.insert([
    { inboxIds: [WEB], name: 'Copy A', sourceId: 'user-1' },
    { inboxIds: [WEB], name: 'Copy B', sourceId: 'user-1' },
  ]);
  if (!a || !b) throw new Error('insert failed');
  a.createdAt -= 60_000;
  return [h, a, b];
}

async function adopt(h: Harness, contactId: string, address = 'web/user-1', inbox = WEB): Promise<void> {
  const store = await openState(join(h.dir, 'contacts.state.json'), { lock: true, command: 'state adopt' });
  try {
    await adoptCopy(clientFor(h.emulator), store, { inbox, source_id: 'user-1', address }, contactId);
    await store.commit();
  } finally {
    await store.close();
  }
}

const writes = (h: Harness): number =>
  ['POST', 'PUT', 'PATCH', 'DELETE'].reduce((n, m) => n + (h.emulator.stats.byMethod[m] ?? 0), 0);

describe('two live copies that no state knows', () => {
  it('are an error-level finding naming every copy (id, created) in the JSON, text and markdown plans', async () => {
    const [h, a, b] = await twoCopies('mai-dup-plan-');
    const { plan } = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(plan.findings).toEqual([
      {
        severity: 'error',
        rule: 'duplicate-live-copies',
        address: 'web/user-1',
        message: expect.stringContaining('mai-contacts state adopt web/user-1 CONTACT_ID') as string,
        copies: expect.arrayContaining([
          {
            contact_id: a.id,
            created_at: new Date(a.createdAt).toISOString(),
            managed: false,
            revoked: false,
          },
          {
            contact_id: b.id,
            created_at: new Date(b.createdAt).toISOString(),
            managed: false,
            revoked: false,
          },
        ]) as unknown,
      },
    ]);
    expect(plan.findings[0]?.copies).toHaveLength(2);
    expect(plan.warnings.join('\n')).not.toContain('error:'); // a finding, no longer a warning string

    const json: unknown = JSON.parse(Buffer.concat([...planJsonChunks(plan)]).toString('utf8'));
    expect(validatePlan(json), JSON.stringify(validatePlan.errors)).toBe(true);
    const { findings: _findings, ...older } = json as Record<string, unknown>;
    expect(validatePlan(older), 'a plan without findings (older) still validates').toBe(true);

    const text = PLAN_REPORTERS.text(plan, { color: false });
    expect(text).toContain('Findings: 1 error(s); apply will refuse this plan:');
    expect(text).toContain('- error web/user-1 [duplicate-live-copies]:');
    expect(text).toContain(`copy ${a.id}, created ${new Date(a.createdAt).toISOString()}`);
    expect(text).toContain(`copy ${b.id}, created ${new Date(b.createdAt).toISOString()}`);
    const markdown = PLAN_REPORTERS.markdown(plan, { color: false });
    expect(markdown).toContain('> [!CAUTION]\n> **apply will refuse this plan: 1 error finding(s)**');
    expect(markdown).toContain('`web/user-1` (`duplicate-live-copies`)');
    expect(markdown).toContain(`copy ${a.id}`);
    expect(markdown).toContain(`copy ${b.id}`);
  });

  it('make apply refuse the whole plan before sending anything, naming the address, the copies and the command', async () => {
    const [h, a, b] = await twoCopies('mai-dup-refuse-');
    h.emulator.stats.reset();
    const refused = applyInProcess(h.dir, h.emulator);
    await expect(refused).rejects.toThrow(PlanError);
    await expect(refused).rejects.toThrow(
      /web\/user-1: 2 live copies: .*\n.*mai-contacts state adopt web\/user-1/,
    );
    const message = await refused.catch((e: Error) => e.message);
    expect(message).toContain(a.id);
    expect(message).toContain(b.id);
    expect(writes(h)).toBe(0);
    expect(h.emulator.store.findBySource(APP, 'user-0')).toBeUndefined(); // the others wait too
    expect(h.emulator.store.get(a.id)?.name).toBe('Copy A');
    expect(h.emulator.store.get(b.id)?.name).toBe('Copy B');
    expect((await readState(h.dir)).size).toBe(0);
  });
});

describe('state adopt', () => {
  it('records the chosen copy; apply then updates it by PATCH and revokes the other copy', async () => {
    const [h, a, b] = await twoCopies('mai-dup-adopt-');
    // A is the older copy and the one whose PUT the API refuses (B holds the source_id in its index)
    await adopt(h, a.id);
    expect((await readState(h.dir)).get(`${WEB}/user-1`)?.contact_id).toBe(a.id);

    const run = await applyInProcess(h.dir, h.emulator);
    expect(run.result.failures).toEqual([]);
    expect(run.plan.findings).toMatchObject([
      {
        severity: 'warning',
        address: 'web/user-1',
        copies: expect.arrayContaining([
          expect.objectContaining({ contact_id: a.id, managed: true }),
          expect.objectContaining({ contact_id: b.id, managed: false, revoked: false }),
        ]) as unknown,
      },
    ]);
    expect(run.plan.changes.find((c) => c.source_id === 'user-1')).toMatchObject({
      action: 'update',
      contact_id: a.id,
    });
    expect(h.emulator.store.get(a.id)?.name).toBe('User 1');
    expect(h.emulator.store.get(a.id)?.queryMetadata).not.toEqual(DENY_ALL);
    expect(h.emulator.store.get(b.id)?.queryMetadata).toEqual(DENY_ALL);
    expect(h.emulator.store.get(b.id)?.name).toBe('Copy B');
    expect(h.emulator.store.findBySource(APP, 'user-0')).toBeDefined(); // the others applied
    expect((await readState(h.dir)).get(`${WEB}/user-1`)?.contact_id).toBe(a.id);

    h.emulator.stats.reset();
    const next = await applyInProcess(h.dir, h.emulator);
    expect(next.plan.changes.find((c) => c.source_id === 'user-1')?.action).toBe('no-op');
    expect(next.plan.findings[0]?.copies.find((c) => c.contact_id === b.id)?.revoked).toBe(true);
    expect(writes(h)).toBe(0); // converged: nothing sent again
  });

  it('refuses an id that does not exist or is another contact, recording nothing', async () => {
    const [h, a] = await twoCopies('mai-dup-adopt-bad-');
    const [other, elsewhere] = h.emulator.insert([
      { inboxIds: [WEB], name: 'Other', sourceId: 'user-2' },
      { inboxIds: [APP], name: 'Elsewhere', sourceId: 'user-1' },
    ]);
    await expect(adopt(h, '00000000-0000-4000-8000-00000000dead')).rejects.toThrow(
      /contact 00000000-0000-4000-8000-00000000dead does not exist in MaiAgent \(404\); nothing was recorded for web\/user-1/,
    );
    await expect(adopt(h, other?.id ?? '')).rejects.toThrow(StateError);
    await expect(adopt(h, other?.id ?? '')).rejects.toThrow(
      /is not a copy of web\/user-1: it has source_id "user-2".*nothing was recorded/,
    );
    await expect(adopt(h, elsewhere?.id ?? '')).rejects.toThrow(
      /is not a copy of web\/user-1: it has source_id "user-1", and is not listed in inbox 8a2b1c3d/,
    );
    expect((await readState(h.dir)).size).toBe(0);
    await adopt(h, a.id); // the right one is taken
    expect((await readState(h.dir)).get(`${WEB}/user-1`)?.contact_id).toBe(a.id);
  });
});

describe('removing a contact with several live copies', () => {
  it('revokes every copy (deny-all query_metadata), and the next run has nothing to do', async () => {
    const [h, a, b] = await twoCopies('mai-dup-revoke-');
    await adopt(h, b.id);
    h.writeConfig(withoutUser1());
    const removal = await applyInProcess(h.dir, h.emulator);
    expect(removal.result.failures).toEqual([]);
    expect(removal.plan.changes.find((c) => c.source_id === 'user-1')?.action).toBe('revoke');
    expect(removal.plan.findings).toMatchObject([{ severity: 'warning', address: 'web/user-1' }]);
    expect(h.emulator.store.get(a.id)?.queryMetadata).toEqual(DENY_ALL);
    expect(h.emulator.store.get(b.id)?.queryMetadata).toEqual(DENY_ALL);
    const next = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(next.plan.changes.find((c) => c.source_id === 'user-1')?.action).toBe('no-op');
  });

  it('the copy in state, made by apply, is managed even when an older copy appears; removal revokes both', async () => {
    const h = (harness = await startHarness(tempDir('mai-dup-made-'), generatedConfig(3)));
    await applyInProcess(h.dir, h.emulator);
    const made = h.emulator.store.findBySource(WEB, 'user-1');
    const [extra] = h.emulator.insert([{ inboxIds: [WEB], name: 'Extra', sourceId: 'user-1' }]);
    if (extra && made) extra.createdAt = made.createdAt - 60_000; // the oldest is not the one picked
    const run = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(run.plan.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(run.plan.changes.find((c) => c.source_id === 'user-1')?.contact_id).toBe(made?.id);

    h.writeConfig(withoutUser1());
    const removal = await applyInProcess(h.dir, h.emulator);
    expect(removal.result.failures).toEqual([]);
    expect(removal.result.summary).toMatchObject({ revoked: 2, failed: 0 });
    expect(h.emulator.store.get(made?.id ?? '')?.queryMetadata).toEqual(DENY_ALL);
    expect(h.emulator.store.get(extra?.id ?? '')?.queryMetadata).toEqual(DENY_ALL);
  });

  it('with on_removal: delete, deletes every copy', async () => {
    const config = generatedConfig(3).replace('contacts:\n', 'on_removal: delete\ncontacts:\n');
    const [h, a, b] = await twoCopies('mai-dup-delete-', config);
    await adopt(h, a.id);
    h.writeConfig(withoutUser1().replace('contacts:\n', 'on_removal: delete\ncontacts:\n'));
    const removal = await applyInProcess(h.dir, h.emulator);
    expect(removal.result.failures).toEqual([]);
    expect(removal.plan.changes.find((c) => c.source_id === 'user-1')?.action).toBe('delete');
    expect(h.emulator.store.get(a.id)).toBeUndefined();
    expect(h.emulator.store.get(b.id)).toBeUndefined();
    expect((await readState(h.dir)).has(`${WEB}/user-1`)).toBe(false);
  });
});

/**
 * Two live copies of one identity are never resolved by guessing: the plan names every copy (id,
 * created) as an error, apply refuses to change the contact until one is chosen, the copy the state
 * knows is the managed one, and a revoke reaches every copy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DENY_ALL } from '../../src/plan/revoked-body.js';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, startHarness, type Harness } from './harness.js';
import { applyInProcess } from './in-process.js';

const WEB = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** generatedConfig(3) without user-1. */
const withoutUser1 = (): string => generatedConfig(3).replace(/.*source_id: user-1,.*\n/, '');

describe('two live copies of one identity', () => {
  it('unknown to state: the plan names both (id, created) as an error and apply changes neither', async () => {
    const h = (harness = await startHarness(tempDir('mai-dup-'), generatedConfig(3)));
    const [a, b] = h.emulator.insert([
      { inboxIds: [WEB], name: 'Copy A', sourceId: 'user-1' },
      { inboxIds: [WEB], name: 'Copy B', sourceId: 'user-1' },
    ]);
    const run = await applyInProcess(h.dir, h.emulator);
    const warning = run.plan.warnings.find((w) => w.startsWith(`error: ${WEB}/user-1 has 2 live copies`));
    expect(warning).toContain(`${a?.id} (created `);
    expect(warning).toContain(`${b?.id} (created `);
    expect(run.result.failures.map((f) => f.address)).toEqual(['web/user-1']);
    expect(run.result.failures[0]?.reason).toContain('not changed until one is chosen');
    expect(h.emulator.store.get(a?.id ?? '')?.name).toBe('Copy A');
    expect(h.emulator.store.get(b?.id ?? '')?.name).toBe('Copy B');
    expect(run.result.summary.created).toBe(2); // the others went ahead
  });

  it('the copy in state is managed, and removing the contact revokes every copy', async () => {
    const h = (harness = await startHarness(tempDir('mai-dup-revoke-'), generatedConfig(3)));
    await applyInProcess(h.dir, h.emulator);
    const made = h.emulator.store.findBySource(WEB, 'user-1');
    const [extra] = h.emulator.insert([{ inboxIds: [WEB], name: 'Extra', sourceId: 'user-1' }]);
    // the extra copy is older than the one in state (the oldest is not picked by default)
    if (extra && made) extra.createdAt = made.createdAt - 60_000;
    const run = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(run.refreshed.unresolved).toEqual([]);
    expect(run.plan.changes.find((c) => c.source_id === 'user-1')?.contact_id).toBe(made?.id);

    h.writeConfig(withoutUser1());
    const removal = await applyInProcess(h.dir, h.emulator);
    expect(removal.result.failures).toEqual([]);
    expect(removal.result.summary).toMatchObject({ revoked: 2, failed: 0 });
    expect(h.emulator.store.get(made?.id ?? '')?.queryMetadata).toEqual(DENY_ALL);
    expect(h.emulator.store.get(extra?.id ?? '')?.queryMetadata).toEqual(DENY_ALL);
    const next = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(next.plan.changes.find((c) => c.source_id === 'user-1')?.action).toBe('no-op');
  });
});

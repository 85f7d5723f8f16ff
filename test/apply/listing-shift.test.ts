/**
 * A listing that moves while it is paged (the emulator's listingShift fault inserts and deletes bystander
 * contacts in front of the inbox between pages) never turns a removal into a forget, nor a contact in
 * state into a second create: what the listing missed is confirmed by id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DENY_ALL } from '../../src/plan/revoked-body.js';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, startHarness, type Harness } from './harness.js';
import { applyInProcess } from './in-process.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** generatedConfig without the contacts from `from` on. */
const firstContacts = (count: number, from: number): string =>
  generatedConfig(count)
    .split('\n')
    .filter((line) => {
      const m = /source_id: user-(\d+),/.exec(line);
      return !m || Number(m[1]) < from;
    })
    .join('\n');

describe('listing shift', () => {
  it('revokes every removed contact and creates nothing when pages move between requests', async () => {
    const h = (harness = await startHarness(tempDir('mai-shift-'), generatedConfig(240), {
      maxPageSize: 10,
    }));
    const first = await applyInProcess(h.dir, h.emulator);
    expect(first.result.summary.created).toBe(240);

    h.writeConfig(firstContacts(240, 120));
    h.emulator.faults.listingShift = 3;
    h.emulator.stats.reset();
    const second = await applyInProcess(h.dir, h.emulator);
    expect(h.emulator.stats.faults.shifts).toBeGreaterThan(0);
    // the listing did miss contacts (else this test proves nothing), and each was found by id
    expect(second.refreshed.confirmed).toBeGreaterThan(0);
    expect(second.refreshed.gone).toBe(0);
    expect(second.plan.summary).toMatchObject({ create: 0, forget: 0, revoke: 120, update: 0 });
    expect(second.result.summary).toMatchObject({ revoked: 120, failed: 0, created: 0, forgotten: 0 });
    expect(h.emulator.stats.byMethod['POST']).toBeUndefined();
    for (let i = 120; i < 240; i++) {
      const inbox =
        i % 4 === 0 ? '0b0b0b0b-0000-4000-8000-000000000001' : '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
      expect(h.emulator.store.findBySource(inbox, `user-${i}`)?.queryMetadata, `user-${i}`).toEqual(DENY_ALL);
    }
  }, 120_000);

  it('treats a contact missing from the listing and 404 by id as gone', async () => {
    const h = (harness = await startHarness(tempDir('mai-shift-gone-'), generatedConfig(8)));
    await applyInProcess(h.dir, h.emulator);
    const victim = h.emulator.store.findBySource('8a2b1c3d-4e5f-6789-abcd-ef0123456789', 'user-1');
    if (!victim) throw new Error('user-1 missing');
    h.emulator.store.softDelete(victim, Date.now());
    h.writeConfig(firstContacts(8, 1).replace(/.*user-[2-7],.*\n/g, ''));
    const run = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(run.refreshed.gone).toBe(1);
    const change = run.plan.changes.find((c) => c.source_id === 'user-1');
    expect(change?.action).toBe('forget');
  });
});

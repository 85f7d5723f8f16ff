/**
 * Done when: against the emulator with listing-shift, reset, 429 and 503/500 faults, 1,000 contacts
 * with removals converge: every removed contact revoked (its live query_metadata deny-all), zero
 * duplicates, state equal to live. In-process, real HTTP, a real state file.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sameBody } from '../../src/resolve/canonical-body.js';
import { hasChanges } from '../../src/plan/plan-changes.js';
import { DENY_ALL } from '../../src/plan/revoked-body.js';
import { openState } from '../../src/state/open-state.js';
import { liveBody } from '../../src/apply/refresh-live.js';
import { normalizeContact } from '../../src/api/normalize-contact.js';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, startHarness, type Harness } from './harness.js';
import { applyInProcess, type InProcessApply } from './in-process.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const WEB = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const APP = '0b0b0b0b-0000-4000-8000-000000000001';
const inboxOf = (i: number): string => (i % 4 === 0 ? APP : WEB);
const REMOVED = (i: number): boolean => i % 3 === 1; // a third of the contacts leave the config

/** Applies until a run has no failures (faults make some changes fail each time). */
async function converge(h: Harness): Promise<InProcessApply[]> {
  const runs: InProcessApply[] = [];
  for (let i = 0; i < 6; i++) {
    const run = await applyInProcess(h.dir, h.emulator, { parallelism: 16 });
    runs.push(run);
    if (run.result.summary.failed === 0) return runs;
  }
  throw new Error(`no convergence: ${JSON.stringify(runs.map((r) => r.result.failures.slice(0, 3)))}`);
}

describe('1,000 contacts under listing-shift, reset, 429 and 5xx faults', () => {
  it('converge: removed ones revoked, no duplicates, state equal to live', async () => {
    const h = (harness = await startHarness(tempDir('mai-converge-'), generatedConfig(1000), {
      seed: 11,
      maxPageSize: 50,
      errorRate: 0.05,
      throttleRate: 0.05,
      retryAfterSeconds: 0,
      resetRate: 0.03,
      listingShift: 2,
    }));
    await converge(h);
    h.writeConfig(
      generatedConfig(1000)
        .split('\n')
        .filter((line) => {
          const m = /source_id: user-(\d+),/.exec(line);
          return !m || !REMOVED(Number(m[1]));
        })
        .join('\n'),
    );
    const runs = await converge(h);
    expect(runs.flatMap((r) => r.plan.changes).filter((c) => c.action === 'forget')).toEqual([]);
    for (const kind of ['shifts', 'resets', 'throttled', 'errors'] as const) {
      expect(h.emulator.stats.faults[kind], kind).toBeGreaterThan(0);
    }

    expect(h.emulator.stats.duplicates()).toEqual([]);
    for (let i = 0; i < 1000; i++) {
      const live = h.emulator.store.findBySource(inboxOf(i), `user-${i}`);
      expect(live, `user-${i}`).toBeDefined();
      if (REMOVED(i)) expect(live?.queryMetadata, `user-${i}`).toEqual(DENY_ALL);
      else expect(live?.queryMetadata, `user-${i}`).not.toEqual(DENY_ALL);
    }

    // state equal to live: every entry names the live contact of its identity, with its body
    const store = await openState(join(h.dir, 'contacts.state.json'), { lock: false });
    expect(store.size).toBe(1000);
    for (const entry of store.entries()) {
      const stored = h.emulator.store.findBySource(entry.inbox, entry.source_id);
      expect(stored?.id, entry.identity).toBe(entry.contact_id);
      const contact = normalizeContact(
        { ...stored, inboxes: stored?.inboxIds.map((id) => ({ id })) },
        { inboxId: entry.inbox },
      );
      if (!contact) throw new Error(`${entry.identity} does not normalise`);
      expect(sameBody(liveBody(contact, entry.inbox), entry.body), entry.identity).toBe(true);
    }
    h.emulator.faults.listingShift = 0;
    const last = await applyInProcess(h.dir, h.emulator, { planOnly: true });
    expect(hasChanges(last.plan)).toBe(false);
  }, 120_000);
});

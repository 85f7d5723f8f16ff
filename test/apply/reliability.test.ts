/**
 * Reliability against the emulator over real HTTP: a faulty, throttling API; kill -9 at random moments;
 * two applies at once; the API key kept out of every output and file. The applies under test run the
 * built binary (killed, or holding the lock against another); checks after them run in the test process.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/emulator/prng.js';
import { tempDir } from '../helpers/tmp.js';
import {
  fileText,
  finished,
  generatedConfig,
  readState,
  sleep,
  startHarness,
  type CliRun,
  type Harness,
} from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every live contact of the emulator is in state with its id, each (inbox, source_id) created exactly once. */
async function expectConverged(h: Harness, count: number): Promise<void> {
  const { emulator } = h;
  expect(emulator.stats.duplicates()).toEqual([]);
  const state = await readState(h.dir);
  const live = emulator.store.contacts();
  expect(live).toHaveLength(count);
  expect(state.size).toBe(count);
  for (const c of live) {
    const inbox = c.inboxIds[0] as string;
    expect(emulator.stats.createdCount(inbox, c.sourceId)).toBe(1);
    expect(state.get(`${inbox}/${c.sourceId}`)?.contact_id).toBe(c.id);
  }
  const plan = await h.cli(['plan', '--detailed-exitcode']);
  expect(plan.stdout).toContain(`No changes: ${count} contact(s) are up to date.`);
  expect(plan.code).toBe(0);
}

describe('apply against a failing API', () => {
  it('converges under 10 % 5xx, 5 % 429 and 3 % reset-after-commit, never POSTing a contact twice', async () => {
    const apiKey = `mai-test-key-${randomBytes(12).toString('hex')}`;
    const h = (harness = await startHarness(tempDir('mai-apply-faults-'), generatedConfig(300), {
      apiKey,
      seed: 42,
      errorRate: 0.1,
      throttleRate: 0.05,
      resetRate: 0.03,
    }));
    const args = ['apply', '--auto-approve', '--parallelism', '16', '--log-file', 'audit.jsonl'];
    const runs: CliRun[] = [];
    for (let i = 0; i < 4 && runs.at(-1)?.code !== 0; i++) runs.push(await h.run(args));
    expect(runs.at(-1)?.code).toBe(0);
    expect(h.emulator.stats.faults.resets).toBeGreaterThan(0);
    // Every POST whose outcome was unknown (a reset, a 5xx but 503) was followed by exactly one lookup
    // (the bounded, newest-first one), and no POST was refused as a duplicate.
    const events = fileText(join(h.dir, 'audit.jsonl'))
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as {
            method: string;
            path: string;
            status?: number;
            attempt: number;
            error?: string;
          },
      );
    const posts = events.filter((e) => e.method === 'POST');
    const unknown = posts.filter(
      (e) => e.error !== undefined || (e.status !== undefined && e.status >= 500 && e.status !== 503),
    );
    const lookups = events.filter(
      (e) => e.method === 'GET' && e.attempt === 1 && e.path.includes('ordering=-created_at'),
    );
    expect(unknown.length).toBeGreaterThan(0);
    expect(lookups).toHaveLength(unknown.length);
    expect(posts.filter((e) => e.status === 400)).toEqual([]);
    // A POST that may have landed was resolved by lookup, never sent again to the handler.
    for (const c of h.emulator.store.contacts()) {
      expect(h.emulator.stats.postCount(c.inboxIds[0] as string, c.sourceId)).toBe(1);
    }
    await expectConverged(h, 300);

    runs.push(await h.run(['plan', '--out', 'saved.json', '--log-file', 'audit.jsonl']));
    const files = ['audit.jsonl', 'saved.json', 'contacts.state.json'].map((f) => fileText(join(h.dir, f)));
    expect(files[0]).toContain('"method":"POST"');
    expect(files[1]).toContain('plan_digest');
    for (const text of [...files, ...runs.flatMap((r) => [r.stdout, r.stderr])]) {
      expect(text).not.toContain(apiKey);
    }
  }, 180_000);
});

describe('apply killed with SIGKILL', () => {
  it('leaves a readable state each time, and one more apply converges without duplicates', async () => {
    const h = (harness = await startHarness(tempDir('mai-apply-kill-'), generatedConfig(200), {
      latencyMs: 25,
    }));
    const random = createRandom(2026);
    for (let i = 0; i < 4; i++) {
      const child = h.spawn(['apply', '--auto-approve']);
      const done = finished(child);
      await sleep(500 + Math.floor(random() * 1500));
      child.kill('SIGKILL');
      await done;
      const state = await readState(h.dir); // throws when unreadable
      for (const [identity, entry] of state) {
        const live = h.emulator.store.get(entry.contact_id);
        expect(live, identity).toBeDefined(); // state never knows a contact MaiAgent does not have
      }
    }
    h.emulator.faults.latencyMs = 0;
    const last = await h.run(['apply', '--auto-approve']);
    expect(last.stderr).not.toMatch(/^Error/m);
    expect(last.code).toBe(0);
    // Contacts whose POST landed unrecorded before a kill were adopted by the next refresh, not POSTed again.
    for (const c of h.emulator.store.contacts()) {
      expect(h.emulator.stats.postCount(c.inboxIds[0] as string, c.sourceId)).toBe(1);
    }
    await expectConverged(h, 200);
  }, 180_000);
});

describe('two applies at once', () => {
  it('fails the second at once, naming the holder, and lets the first complete', async () => {
    const h = (harness = await startHarness(tempDir('mai-apply-lock-'), generatedConfig(120), {
      latencyMs: 40,
    }));
    const first = h.spawn(['apply', '--auto-approve', '--parallelism', '4']);
    const firstDone = finished(first);
    const lock = join(h.dir, 'contacts.state.json.lock');
    // However long the first takes to start: the test's timeout bounds the wait.
    while (!existsSync(lock) && first.exitCode === null) await sleep(25);
    expect(existsSync(lock)).toBe(true);

    // the first is slowed down while the second runs: the second must fail without waiting for it
    h.emulator.faults.latencyMs = 1000;
    const second = await h.cli(['apply', '--auto-approve']);
    expect(first.exitCode).toBeNull(); // still running: the second did not wait for the lock
    h.emulator.faults.latencyMs = 0;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is locked by another mai-contacts');
    expect(second.stderr).toContain(`held by pid ${first.pid}`);

    const result = await firstDone;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Apply complete: 120 created');
    await expectConverged(h, 120);
  }, 180_000);
});

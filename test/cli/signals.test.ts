/**
 * The process is the contract here: SIGINT during POSTs that hang (the emulator commits them and never
 * answers) aborts them, starts no new request, exits, and the next apply adopts what landed without a
 * second POST; `--timeout` bounds every request against a server that never answers.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BIN,
  finished,
  generatedConfig,
  sleep,
  startHarness,
  type CliRun,
  type Harness,
} from '../apply/harness.js';
import { scriptedServer, type ScriptedServer } from '../api/scripted-server.js';
import { tempDir } from '../helpers/tmp.js';

let harness: Harness | undefined;
let server: ScriptedServer | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

describe('SIGINT during hung POSTs', () => {
  it('aborts them, sends nothing more, exits 1; the next apply adopts what landed', async () => {
    const h = (harness = await startHarness(tempDir('mai-sigint-'), generatedConfig(12), {
      hangWrites: true,
    }));
    const child = h.spawn(['apply', '--auto-approve', '--parallelism', '4']);
    const done = finished(child);
    while ((h.emulator.stats.byMethod['POST'] ?? 0) < 4) await sleep(50);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SIGINT: stopping');
    expect(`${run.stdout}${run.stderr}`).toContain('outcome unknown');
    expect(h.emulator.stats.byMethod['POST']).toBe(4); // no retry, no new POST after the signal
    const landed = h.emulator.store.contacts();
    expect(landed).toHaveLength(4);

    h.emulator.faults.hangWrites = false;
    const again = await h.cli(['apply', '--auto-approve']); // the next apply: in the test process
    expect(again.code).toBe(0);
    expect(h.emulator.stats.duplicates()).toEqual([]);
    expect(h.emulator.store.contacts()).toHaveLength(12);
    for (const c of landed) expect(h.emulator.stats.postCount(c.inboxIds[0] as string, c.sourceId)).toBe(1);
  }, 120_000);
});

describe('--timeout', () => {
  it('ends a request to a server that never answers, with a clear error', async () => {
    server = await scriptedServer(() => undefined);
    const dir = tempDir('mai-timeout-');
    writeFileSync(join(dir, 'contacts.yaml'), generatedConfig(2));
    const run = await new Promise<CliRun>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'plan', '--timeout', '300ms'],
        { cwd: dir, env: { ...process.env, MAIAGENT_API_URL: server?.url ?? '', MAIAGENT_API_KEY: 'k-123' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('failed: timeout after 300 ms');
    expect(server.requests.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a zero timeout', async () => {
    const h = (harness = await startHarness(tempDir('mai-timeout0-'), generatedConfig(2)));
    const run = await h.cli(['plan', '--timeout', '0s']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--timeout must be longer than 0');
    expect(h.emulator.stats.requests).toBe(0);
  });
});

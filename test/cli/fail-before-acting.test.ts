/**
 * Output paths are opened before the first API call: an unwritable one is exit 1 with no request sent
 * (the CLI in the test process, `h.cli`).
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatedConfig, startHarness, type Harness } from '../apply/harness.js';
import { tempDir } from '../helpers/tmp.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('fail before acting', () => {
  it.each<[string, string[], string]>([
    [
      'apply --log-file in a missing directory',
      ['apply', '--auto-approve', '--log-file', 'no/such/dir/a.jsonl'],
      '--log-file',
    ],
    ['plan --out naming a directory', ['plan', '--out', 'adir'], '--out'],
    ['import --out naming a directory', ['import', '--inbox', 'web', '--out', 'adir'], '--out'],
  ])('%s: exit 1, a clear error, no request', async (_name, args, flag) => {
    const h = (harness = await startHarness(tempDir('mai-fail-first-'), generatedConfig(3)));
    mkdirSync(join(h.dir, 'adir'));
    const run = await h.cli(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Error: cannot write ${flag} \\S+: .*nothing was sent`, 'm'));
    expect(h.emulator.stats.requests).toBe(0);
  });

  it('creates log and plan files 0600', async () => {
    const h = (harness = await startHarness(tempDir('mai-fail-mode-'), generatedConfig(3)));
    const run = await h.cli(['plan', '--out', 'plan.json', '--log-file', 'audit.jsonl']);
    expect(run.code).toBe(0);
    expect(h.emulator.stats.requests).toBeGreaterThan(0);
    for (const file of ['plan.json', 'audit.jsonl']) {
      expect(statSync(join(h.dir, file)).mode & 0o777, file).toBe(0o600);
    }
  });
});

/**
 * The apply cycle as the process reports it (the behaviours themselves, in every response variant, are
 * tested in-process in test/apply/apply-cycle.test.ts): apply's summary and exit code, an empty plan's
 * exit code, a stale saved plan and an unforced downgrade refused with exit 1, contact ids from `output`.
 * The first apply runs the built binary; the rest runs the same program in the test process (`h.cli`).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';
import { startHarness, type Harness } from '../apply/harness.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const BASE = readFileSync(EXAMPLE_CONFIG, 'utf8').split('\n# Guardrails')[0] as string;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('apply cycle (the CLI)', () => {
  it('reports, exits and refuses as documented', async () => {
    const h = (harness = await startHarness(tempDir('mai-apply-cycle-'), BASE));
    let r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 3 created, 0 updated, 0 revoked, 0 deleted, 0 failed.');

    r = await h.cli(['plan', '--detailed-exitcode', '--out', 'saved.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes: 3 contact(s) are up to date.');

    h.writeConfig(BASE.replace('name: Anonymous', 'name: Anonymous visitor'));
    expect((await h.cli(['apply', '--auto-approve'])).code).toBe(0);
    r = await h.cli(['apply', 'saved.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stale plan');

    h.writeConfig(
      BASE.replace('name: Anonymous', 'name: Anonymous visitor').replace(
        '    tier: vip',
        '    tier: visitor',
      ),
    );
    h.emulator.stats.reset();
    r = await h.cli(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--force');
    expect(h.emulator.stats.byMethod['PUT']).toBeUndefined();

    r = await h.cli(['output', '--format', 'csv']);
    expect(r.code).toBe(0);
    for (const sourceId of ['user_123456', 'shared-visitor']) {
      const id = h.emulator.store.findBySource(INBOX, sourceId)?.id ?? 'missing';
      expect(r.stdout).toContain(`web-chat/${sourceId},${sourceId},${id},`);
    }
  }, 180_000);
});

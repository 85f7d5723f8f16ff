/**
 * apply's guards: confirmation in CI (the binary without a terminal), a saved plan carried out as
 * reviewed, deletes only with --allow-delete (those two in the test process).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, readState, startHarness, type Harness } from '../apply/harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('apply guards', () => {
  it('refuses without a terminal unless --auto-approve, before any API call', async () => {
    const h = (harness = await startHarness(tempDir('mai-apply-guard-'), generatedConfig(3)));
    const r = await h.run(['apply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pass --auto-approve');
    expect(h.emulator.stats.requests).toBe(0);
  });

  it('carries out a saved plan without asking, and a second time finds it stale', async () => {
    const h = (harness = await startHarness(tempDir('mai-apply-saved-'), generatedConfig(3)));
    expect((await h.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    let r = await h.cli(['apply', 'plan.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 3 created');
    expect((await readState(h.dir)).size).toBe(3);
    r = await h.cli(['apply', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stale plan');
  });

  it('deletes a removed contact only with --allow-delete (on_removal: delete)', async () => {
    const h = (harness = await startHarness(
      tempDir('mai-apply-delete-'),
      `on_removal: delete\n${generatedConfig(3)}`,
    ));
    expect((await h.cli(['apply', '--auto-approve'])).code).toBe(0);
    h.writeConfig(`on_removal: delete\n${generatedConfig(2)}`);
    let r = await h.cli(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'the plan deletes 1 contact(s); rerun with --allow-delete to accept:\n  - web/user-2',
    );
    r = await h.cli(['apply', '--auto-approve', '--allow-delete']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 deleted');
    expect(h.emulator.store.contacts()).toHaveLength(2);
    expect((await readState(h.dir)).size).toBe(2);
  });
});

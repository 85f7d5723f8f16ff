import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/cli/plan-file-io.js';
import { acquireLock } from '../../src/state/lock.js';
import { applyExample, cliInProcess, exampleDir, runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/config.js';

/**
 * `plan` in the test process (test/helpers/cli.ts cliInProcess), and once through the built binary:
 * the exit codes CI scripts read (--detailed-exitcode).
 */
describe('mai-contacts plan', () => {
  it('lists every contact of contacts.yaml as a create on an empty state, exit 0', async () => {
    const dir = exampleDir();
    const result = await cliInProcess(['plan'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  + web-chat/shared-visitor: create (tier visitor)');
    expect(result.stdout).toContain('  + web-chat/user_123456: create (tier vip)');
    expect(result.stdout).toContain('  + web-chat/user_234567: create (tier member)');
    expect(result.stdout).toContain(
      'Plan: 3 to create, 0 to update, 0 to revoke, 0 to delete, 0 to forget; 0 unchanged.',
    );
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('exits 2 with --detailed-exitcode when there are changes, 0 when there are none', async () => {
    const dir = exampleDir();
    expect(runCli(['plan', '--detailed-exitcode'], dir).code).toBe(2);
    await applyExample(dir);
    const quiet = runCli(['plan', '--detailed-exitcode'], dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('No changes: 3 contact(s) are up to date.');
  });

  it('gives identical changes when run twice', async () => {
    const dir = exampleDir();
    const one = await cliInProcess(['plan', '--format', 'json'], dir);
    const two = await cliInProcess(['plan', '--format', 'json'], dir);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const plan = JSON.parse(one.stdout) as { changes: { action: string }[]; state: unknown };
    expect(plan.changes.map((c) => c.action)).toEqual(['create', 'create', 'create']);
    expect(plan.state).toBeNull();
  });

  it('prints JSON that validates against the schema, and markdown for pull requests', async () => {
    const dir = exampleDir();
    const schema = JSON.parse(readFileSync(`${REPO_ROOT}schemas/plan.schema.json`, 'utf8')) as object;
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
    expect(validate(JSON.parse((await cliInProcess(['plan', '--format', 'json'], dir)).stdout))).toBe(true);
    const md = await cliInProcess(['plan', '--format', 'markdown'], dir);
    expect(md.stdout).toContain('## mai-contacts plan');
    expect(md.stdout).toContain('| create | 3 |');
  });

  it('saves the plan with --out for apply, with a digest', async () => {
    const dir = exampleDir();
    await applyExample(dir, (a) => a !== 'web-chat/user_234567');
    const result = await cliInProcess(['plan', '--out', 'plan.json'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Saved the plan to plan.json');
    const plan = await readPlanFile(join(dir, 'plan.json'));
    expect(plan.state?.serial).toBe(3);
    expect(plan.changes.map((c) => c.action)).toEqual(['no-op', 'no-op', 'create']);
  });

  it('limits the plan with --target, warning about a target that matches nothing', async () => {
    const dir = exampleDir();
    const result = await cliInProcess(
      ['plan', '--target', 'web-chat/user_123456', '--target', 'web-chat/ghost'],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('web-chat/user_123456: create');
    expect(result.stdout).not.toContain('web-chat/user_234567');
    expect(result.stdout).toContain('target web-chat/ghost matches no contact');
  });

  it('refuses a config with errors, naming file, line and rule', async () => {
    const dir = exampleDir();
    const path = join(dir, 'contacts.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('tier: member', 'tier: gold'));
    const result = await cliInProcess(['plan'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/contacts\.yaml:\d+:\d+ unknown-tier/);
    expect(result.stdout).toBe('');
  });

  it('refuses a corrupted state with a clear error and leaves it as it is', async () => {
    const dir = exampleDir();
    const state = join(dir, 'contacts.state.json');
    writeFileSync(state, '{"version": 1, "lineage": "x", "contacts": [');
    const result = await cliInProcess(['plan'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('contacts.state.json is not valid JSON');
    expect(result.stderr).not.toContain('    at ');
    expect(readFileSync(state, 'utf8')).toBe('{"version": 1, "lineage": "x", "contacts": [');
  });

  it('reads the state while the config loads, yet reports a config with errors first, and only that', () => {
    const dir = exampleDir();
    const path = join(dir, 'contacts.yaml');
    const rows = Array.from({ length: 30000 }, (_, i) => `m${i},Member ${i},web-chat\n`);
    writeFileSync(join(dir, 'members.csv'), `source_id,name,inbox\n${rows.join('')}`);
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8').replace('tier: member', 'tier: gold')}\nrosters:\n  - csv: members.csv\n`,
    );
    writeFileSync(join(dir, 'contacts.state.json'), '{"version": 1, "lineage": "x", "contacts": [');
    // the built binary (a roster to read: the state fails first): a state that fails while the config is loading must not be an unhandled rejection
    const result = runCli(['plan'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/contacts\.yaml:\d+:\d+ unknown-tier/);
    expect(result.stderr).not.toContain('contacts.state.json');
    expect(result.stderr).not.toContain('    at ');
  });

  it('plans while the state is locked, saying the plan may be stale', async () => {
    const dir = exampleDir();
    const lock = await acquireLock(join(dir, 'contacts.state.json.lock'), { command: 'apply' });
    try {
      const result = await cliInProcess(['plan'], dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /the state is locked by pid \d+ on .+ \(apply\): an apply may be running, so this plan may be stale/,
      );
    } finally {
      await lock.release();
    }
  });

  it('rejects an unknown format and a bad lock timeout', async () => {
    const dir = exampleDir();
    expect(await cliInProcess(['plan', '--format', 'yaml'], dir)).toMatchObject({ code: 1 });
    expect((await cliInProcess(['plan', '--lock-timeout', 'soon'], dir)).stderr).toContain(
      '--lock-timeout takes a duration',
    );
  });
});

/** runCli (src/cli/program.ts): the CLI in the caller's process gives back what it borrowed. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { EXAMPLE_CONFIG } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';

function capture() {
  const text = { stdout: '', stderr: '' };
  return {
    text,
    stdout: (t: string) => (text.stdout += t),
    stderr: (t: string) => (text.stderr += t),
  };
}

describe('runCli', () => {
  it('runs in the given directory and environment, then restores cwd, env and exitCode', async () => {
    const dir = tempDir('mai-run-cli-');
    copyFileSync(EXAMPLE_CONFIG, join(dir, 'contacts.yaml'));
    const cwd = process.cwd();
    const env = { ...process.env };
    process.exitCode = undefined;
    const io = capture();
    const code = await runCli(['state', 'list'], {
      ...io,
      cwd: dir,
      env: { NO_COLOR: '1', MAI_CONTACTS_STATE: 'other.state.json' },
    });
    expect(code).toBe(0);
    expect(io.text.stdout).toMatch(/^no contacts in state other\.state\.json\n$/i);
    expect(process.cwd()).toBe(cwd);
    expect(process.env).toEqual(env);
    expect(process.exitCode).toBeUndefined();
  });

  it('returns the exit code of a refusal, a usage error and --help', async () => {
    const io = capture();
    const run = (args: string[]) => runCli(args, { ...io, cwd: process.cwd(), env: process.env });
    expect(await run(['validate', '-c', 'test/fixtures/bad/unknown-tier.yaml'])).toBe(1);
    expect(await run(['plan', '--lock-timeout', 'soon'])).toBe(1);
    expect(io.text.stderr).toContain('--lock-timeout takes a duration');
    expect(await run(['--help'])).toBe(0);
    expect(io.text.stdout).toContain('Usage: mai-contacts [options] [command]');
    expect(process.exitCode).toBeUndefined();
  });

  it('takes runs started together one at a time, so their outputs do not mix', async () => {
    const a = capture();
    const b = capture();
    const [one, two] = await Promise.all([
      runCli(['validate', '-c', 'contacts.yaml'], { ...a, cwd: process.cwd(), env: process.env }),
      runCli(['validate', '-c', 'test/fixtures/bad/unknown-tier.yaml'], {
        ...b,
        cwd: process.cwd(),
        env: process.env,
      }),
    ]);
    expect([one, two]).toEqual([0, 1]);
    expect(a.text.stdout).toBe('config is valid: no problems found\n');
    expect(b.text.stdout).toContain('unknown-tier');
    expect(b.text.stdout).not.toContain('config is valid');
  });
});

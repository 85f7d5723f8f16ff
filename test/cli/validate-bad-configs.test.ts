/**
 * Bad configs through the CLI: exit 1 (warnings with --strict), file:line, no stack. Every case runs
 * in the test process (runInProcess: the same program, exit code and output). The process is the
 * contract for the hostile inputs the loader refuses (a stack overflow or a crash of the built bundle
 * would show only there), so a handful of those also runs through the built binary, with one warning
 * under --strict.
 */
import { describe, expect, it } from 'vitest';
import { BAD_CASES, type BadCase } from '../config/bad-cases.js';
import { runCli, runInProcess, STACK_LINE, type CliResult } from './run-cli.js';

const SPAWNED = new Set([
  'alias-bomb.yaml',
  'too-deep-via-alias.yaml',
  'recursive-alias.yaml',
  'not-utf8.yaml',
  'too-large.yaml',
  'unused-alias.yaml',
]);

function argsOf(c: BadCase): string[] {
  const args = ['validate', '-c', `test/fixtures/bad/${c.fixture}`];
  if (c.severity === 'warning') args.push('--strict');
  if (c.maxFileSize) args.push('--max-file-size', String(c.maxFileSize));
  return args;
}

function expectRefused(c: BadCase, { status, stdout, stderr }: CliResult): void {
  expect(status).toBe(1);
  const file = `test/fixtures/bad/${c.file ?? c.fixture}`;
  expect(stdout).toMatch(
    new RegExp(`^${file.replace(/[.]/g, '\\.')}:${c.line}:\\d+ ${c.severity ?? 'error'} ${c.rule}: `, 'm'),
  );
  expect(stdout).not.toMatch(STACK_LINE);
  expect(stderr).toBe('');
}

describe('mai-contacts validate on bad configs', () => {
  it('spawns a handful of hostile inputs and one warning, each a case of the table', () => {
    const spawned = BAD_CASES.filter((c) => SPAWNED.has(c.fixture));
    expect(spawned).toHaveLength(SPAWNED.size);
    expect(spawned.some((c) => c.severity === 'warning')).toBe(true);
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_CASES)('$fixture: exit 1 naming $rule at line $line', async (c) => {
    expectRefused(c, await runInProcess(argsOf(c)));
  });

  it.concurrent.each(BAD_CASES.filter((c) => SPAWNED.has(c.fixture)))(
    '$fixture through the built binary: exit 1 naming $rule at line $line',
    async (c) => {
      expectRefused(c, await runCli(argsOf(c)));
    },
  );
});

/**
 * Bad configs through the built binary: exit 1 (warnings with --strict), file:line, no stack. The
 * process is the contract for the hostile inputs the loader refuses (a stack overflow or a crash would
 * show only here), so each of those runs; of the schema and semantic rules, which the in-process test
 * (test/config/bad-configs.test.ts) checks one by one, one of each kind runs here.
 */
import { describe, expect, it } from 'vitest';
import { LOADER_RULES } from '../../src/config/rule-catalog.js';
import { BAD_CASES } from '../config/bad-cases.js';
import { runCli, STACK_LINE } from './run-cli.js';

const LOADER = new Set(LOADER_RULES.map((r) => r.id));
const ONE_OF_EACH = new Set(['schema-required', 'unknown-tier', 'unused-alias', 'policy-violation']);
const CASES = BAD_CASES.filter((c) => LOADER.has(c.rule) || ONE_OF_EACH.has(c.rule));

describe('mai-contacts validate on bad configs', () => {
  it('runs every loader case and one case of each other kind', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(16);
    expect(CASES.some((c) => c.severity === 'warning')).toBe(true);
  });

  it.concurrent.each(CASES)('$fixture: exit 1 naming $rule at line $line', async (c) => {
    const args = ['validate', '-c', `test/fixtures/bad/${c.fixture}`];
    if (c.severity === 'warning') args.push('--strict');
    if (c.maxFileSize) args.push('--max-file-size', String(c.maxFileSize));
    const { status, stdout, stderr } = await runCli(args);
    expect(status).toBe(1);
    const file = `test/fixtures/bad/${c.file ?? c.fixture}`;
    expect(stdout).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:${c.line}:\\d+ ${c.severity ?? 'error'} ${c.rule}: `, 'm'),
    );
    expect(stdout).not.toMatch(STACK_LINE);
    expect(stderr).toBe('');
  });
});

/** Every bad config, through the built binary: exit 1 (warnings with --strict), file:line, no stack. */
import { describe, expect, it } from 'vitest';
import { BAD_CASES } from '../config/bad-cases.js';
import { runCli, STACK_LINE } from './run-cli.js';

describe('mai-contacts validate on bad configs', () => {
  it.concurrent.each(BAD_CASES)('$fixture: exit 1 naming $rule at line $line', async (c) => {
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

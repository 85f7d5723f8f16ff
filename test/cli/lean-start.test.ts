/**
 * The built CLI (scripts/build.js): one bundle split per command, loaded lazily. Process contracts only:
 * a `--debug` stack trace names the source files, and every command is still reachable and listed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandOf } from '../../src/cli/program.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'mai-contacts.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the built CLI', () => {
  it('names source files in a --debug stack trace', () => {
    const result = run('plan', '-c', 'contacts.yaml', '--lock-timeout', 'soon', '--debug');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/at .*src[\\/]cli[\\/]parse-duration\.ts:\d+:\d+/);
  });

  it('lists every command in --help, and a typo still gets a suggestion', () => {
    const help = run('--help');
    for (const name of [
      'validate',
      'plan',
      'apply',
      'import',
      'explain',
      'test',
      'output',
      'state',
      'fmt',
      'emulator',
    ])
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(run('valdate').stderr).toMatch(/Did you mean validate\?/);
  });
});

describe('commandOf', () => {
  it.each([
    [['validate'], 'validate'],
    [['-c', 'plan', 'validate'], 'validate'],
    [['--config', 'x.yaml', '--state', 's.json', 'plan', '--format', 'json'], 'plan'],
    [['--no-color', 'state', 'list'], 'state'],
    [['--help'], undefined],
    [['valdate'], undefined],
    [[], undefined],
  ])('%j names %s', (args, name) => {
    expect(commandOf(['node', 'mai-contacts', ...args])).toBe(name);
  });
});

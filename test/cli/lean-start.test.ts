/**
 * The built CLI (scripts/build.js): one bundle split per command, loaded lazily. Process contracts only:
 * a `--debug` stack trace names the source files, and every command is still reachable and listed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

describe('the bundle', () => {
  it("holds undici's Pool but not the rest of undici (fetch, WebSocket, mocks): apply loads only what it sends with", () => {
    const dir = join(ROOT, 'dist', 'cli');
    const text = readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('\n');
    expect(text).toContain('node_modules/undici/lib/dispatcher/pool.js');
    for (const part of [
      'lib/web/fetch/index.js',
      'lib/web/websocket/',
      'lib/mock/',
      'lib/interceptor/',
      'lib/cache/',
    ])
      expect(text).not.toContain(`node_modules/undici/${part}`);
  });
});

describe('the binary', () => {
  it('keeps the WebAssembly HTTP parser on Liftoff (no TurboFan recompile in the background), with a flag this Node knows', () => {
    expect(readFileSync(BIN, 'utf8')).toMatch(
      /setFlagsFromString\('--liftoff-only'\);[^]*await import\('\.\.\/dist\/cli\/main\.js'\)/,
    );
    const version = run('--version');
    expect(version.status).toBe(0);
    expect(version.stderr).toBe(''); // an unknown V8 flag would be reported here
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

/** The smaller trust items: symlinked state, leftover temp files, journal gaps, odd -c paths, units, modes. */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlanFile } from '../../src/cli/plan-file-io.js';
import { parseDuration } from '../../src/cli/parse-duration.js';
import { loadConfig } from '../../src/config/load-config.js';
import { StateError, UsageError } from '../../src/errors.js';
import type { Plan } from '../../src/plan/types.js';
import { identityKey } from '../../src/resolve/identity.js';
import { openState } from '../../src/state/open-state.js';
import { INBOX, input } from '../helpers/state.js';
import { tempDir } from '../helpers/tmp.js';

describe('a symlinked state file', () => {
  it('is written through to its target, with the lock and journal beside the target', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'contacts.state.json');
    const link = join(dir, 'contacts.state.json');
    symlinkSync(join('real', 'contacts.state.json'), link); // dangling until the first save
    const store = await openState(link, { lock: true });
    expect(existsSync(`${target}.lock`)).toBe(true);
    expect(existsSync(`${link}.lock`)).toBe(false);
    await store.record(input('u1'));
    expect(existsSync(`${target}.journal`)).toBe(true);
    await store.commit();
    await store.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({ serial: 2 });
    expect(existsSync(`${link}.journal`)).toBe(false);
    expect((await openState(link, { lock: false })).get(identityKey(INBOX, 'u1'))).toBeDefined();
  });
});

describe('a temp file left by a killed save', () => {
  it('is removed by the next writer (not by a reader), with a note', async () => {
    const dir = tempDir();
    const path = join(dir, 'contacts.state.json');
    const left = join(dir, '.contacts.state.json.999999.0badc0de.tmp');
    const other = join(dir, '.other.json.999999.0badc0de.tmp');
    writeFileSync(left, '{"half": ');
    writeFileSync(other, 'not ours');
    await openState(path, { lock: false });
    expect(existsSync(left)).toBe(true);
    const store = await openState(path, { lock: true });
    expect(existsSync(left)).toBe(false);
    expect(existsSync(other)).toBe(true);
    expect(store.notices.join('\n')).toContain(`removed ${left}`);
    await store.close();
  });
});

describe('a journal with a gap in its serials', () => {
  it('is an error naming the journal', async () => {
    const path = join(tempDir(), 'contacts.state.json');
    const store = await openState(path, { lock: true });
    for (const id of ['u1', 'u2', 'u3']) await store.record(input(id));
    await store.close();
    const lines = readFileSync(`${path}.journal`, 'utf8').split('\n');
    writeFileSync(`${path}.journal`, [lines[0], lines[2], ''].join('\n'));
    const error = await openState(path, { lock: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toContain(`${path}.journal: serial 2 is missing`);
  });
});

describe('-c naming something that is not a regular file', () => {
  it('says "not a regular file" for a FIFO and a device', async () => {
    const fifo = join(tempDir(), 'contacts.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const path of [fifo, '/dev/null']) {
      const { diagnostics } = await loadConfig([path]);
      expect(diagnostics.map((d) => d.rule)).toEqual(['config-not-found']);
      expect(diagnostics[0]?.message).toContain('not a regular file');
    }
  });
});

describe('durations', () => {
  it('refuse a number without a unit', () => {
    expect(() => parseDuration('5')).toThrow(UsageError);
    expect(() => parseDuration('5')).toThrow('--lock-timeout needs a unit: write 5s or 5ms');
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('0')).toBe(0);
  });
});

describe('a saved plan file', () => {
  it('is created 0600, like the state', async () => {
    const path = join(tempDir(), 'plan.json');
    const previous = process.umask(0o022);
    try {
      await writePlanFile(path, { format_version: 1, changes: [] } as unknown as Plan);
    } finally {
      process.umask(previous);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

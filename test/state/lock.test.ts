import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockError } from '../../src/errors.js';
import { acquireLock, waitWhileLocked } from '../../src/state/lock.js';
import { openState } from '../../src/state/open-state.js';
import { input } from '../helpers/state.js';
import { tempDir } from '../helpers/tmp.js';

const statePath = () => join(tempDir('mai-contacts-lock-'), 'contacts.state.json');

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the state lock', () => {
  it('records its holder and is released on close', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true, command: 'apply' });
    const holder = JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as Record<string, unknown>;
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), command: 'apply' });
    expect(typeof holder['since']).toBe('string');
    await store.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('fails a second writer at once with a LockError naming the holder, and leaves the state untouched', async () => {
    const path = statePath();
    const first = await openState(path, { lock: true, command: 'apply' });
    await first.record(input('u1'));
    const journal = readFileSync(`${path}.journal`, 'utf8');
    // At once: the lock is never released here, so a writer that waited would still be waiting when
    // the (generous, machine-speed-proof) bound is reached.
    let timer: NodeJS.Timeout | undefined;
    const error = await Promise.race([
      openState(path, { lock: true, command: 'state rm' }).catch((e: unknown) => e),
      new Promise((resolve) => (timer = setTimeout(resolve, 10_000, 'still waiting'))),
    ]);
    clearTimeout(timer);
    expect(error).toBeInstanceOf(LockError);
    expect((error as LockError).holder).toMatchObject({ pid: process.pid, command: 'apply' });
    expect((error as LockError).message).toContain(path);
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe(journal);
    await first.close();
  });

  it('lets a reader in without the lock while a writer holds it', async () => {
    const path = statePath();
    const writer = await openState(path, { lock: true });
    await writer.record(input('u1'));
    const reader = await openState(path, { lock: false });
    expect(reader.size).toBe(1);
    await writer.close();
  });

  it('waits up to the lock timeout, and gets the lock once it is released', async () => {
    const path = statePath();
    const first = await openState(path, { lock: true });
    setTimeout(() => void first.close(), 150);
    const second = await openState(path, { lock: true, lockTimeoutMs: 5000 });
    expect(second.notices).toEqual([]);
    await second.close();
  });

  it('gives up after the timeout', async () => {
    const path = statePath();
    const first = await openState(path, { lock: true });
    const started = Date.now();
    await expect(openState(path, { lock: true, lockTimeoutMs: 300 })).rejects.toThrow(LockError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await first.close();
  });

  it('takes over a stale lock whose process is gone, and says so', async () => {
    const path = statePath();
    const pid = deadPid();
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ pid, host: hostname(), command: 'apply', since: '2026-01-01T00:00:00Z' }),
    );
    const store = await openState(path, { lock: true });
    expect(store.notices.join('\n')).toContain(`stale lock`);
    expect(store.notices.join('\n')).toContain(`pid ${pid}`);
    await store.close();
  });

  it('does not take over a lock held on another host', async () => {
    const path = statePath();
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ pid: deadPid(), host: 'elsewhere.example', since: '2026-01-01T00:00:00Z' }),
    );
    await expect(openState(path, { lock: true })).rejects.toThrow(LockError);
  });

  it('treats an unreadable lock file as held, with a hint', async () => {
    const path = statePath();
    writeFileSync(`${path}.lock`, 'garbage');
    await expect(openState(path, { lock: true })).rejects.toThrow('unreadable');
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe('garbage');
  });

  it('never releases a lock that is no longer its own', async () => {
    const dir = tempDir();
    const lock = await acquireLock(join(dir, 'x.lock'));
    writeFileSync(join(dir, 'x.lock'), '{"pid":1,"host":"h","since":"s"}');
    await lock.release();
    expect(existsSync(join(dir, 'x.lock'))).toBe(true);
  });

  it('lets a lock-free reader wait for a held lock', async () => {
    const dir = tempDir();
    const lock = await acquireLock(join(dir, 'x.lock'), { command: 'apply' });
    expect(await waitWhileLocked(join(dir, 'x.lock'), 0)).toMatchObject({ command: 'apply' });
    setTimeout(() => void lock.release(), 100);
    expect(await waitWhileLocked(join(dir, 'x.lock'), 5000)).toBeUndefined();
  });
});

describe('a state in a directory that does not exist', () => {
  it('cannot be locked, with a clear error', async () => {
    const path = join(tempDir(), 'missing', 'contacts.state.json');
    await expect(openState(path, { lock: true })).rejects.toThrow('its directory does not exist');
  });
});

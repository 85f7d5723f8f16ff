/** The lock's id and holder start time: pid reuse is detected, and `state unlock ID` removes a lock. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockError } from '../../src/errors.js';
import { acquireLock, forceUnlock, processStartTime } from '../../src/state/lock.js';
import { openState } from '../../src/state/open-state.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const statePath = () => join(tempDir('mai-contacts-lock-'), 'contacts.state.json');

describe('the lock holder', () => {
  it('records a lock id and the holder process start time from /proc', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true, command: 'apply' });
    const holder = JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as Record<string, unknown>;
    expect(holder['id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(holder['start']).toBe(processStartTime(process.pid));
    expect(holder['start']).toMatch(/^\d+$/);
    await store.close();
  });

  it('takes over a lock whose pid is alive but belongs to another process now (a reused pid)', async () => {
    const path = statePath();
    const reused = {
      id: 'old',
      pid: process.pid,
      host: hostname(),
      since: '2026-01-01T00:00:00Z',
      start: '1',
    };
    writeFileSync(`${path}.lock`, JSON.stringify(reused));
    const store = await openState(path, { lock: true });
    expect(store.notices.join('\n')).toContain(`stale lock`);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).not.toMatchObject({ id: 'old' });
    await store.close();
  });

  it('keeps a lock whose pid is alive with the same start time', async () => {
    const path = statePath();
    const live = {
      id: 'live',
      pid: process.pid,
      host: hostname(),
      since: '2026-01-01T00:00:00Z',
      start: processStartTime(process.pid),
    };
    writeFileSync(`${path}.lock`, JSON.stringify(live));
    const error = await openState(path, { lock: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockError);
    expect((error as LockError).message).toContain('lock id live');
    expect((error as LockError).message).toContain('mai-contacts state unlock live');
  });
});

describe('force-unlock', () => {
  it('removes the lock with that id, and refuses another id', async () => {
    const dir = tempDir();
    const lockPath = join(dir, 'x.lock');
    const lock = await acquireLock(lockPath, { command: 'apply' });
    await expect(forceUnlock(lockPath, 'not-the-id')).rejects.toThrow(/locked with id .*, not not-the-id/);
    expect(existsSync(lockPath)).toBe(true);
    expect((await forceUnlock(lockPath, lock.holder.id as string)).pid).toBe(process.pid);
    expect(existsSync(lockPath)).toBe(false);
    await expect(forceUnlock(lockPath, 'any')).rejects.toThrow('is not locked');
  });

  it('`state unlock LOCK_ID` frees a state locked on another host', () => {
    const dir = tempDir();
    const lockPath = join(dir, 'contacts.state.json.lock');
    const other = { id: 'abc-123', pid: 4242, host: 'ci-runner-7', since: '2026-01-01T00:00:00Z' };
    writeFileSync(lockPath, JSON.stringify(other));
    const refused = runCli(['state', 'rm', 'web/x'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('lock id abc-123');
    const unlocked = runCli(['state', 'unlock', 'abc-123'], dir);
    expect(unlocked.stderr).toBe('');
    expect(unlocked.stdout).toContain(
      'Removed lock abc-123 on state ./contacts.state.json, held by pid 4242 on ci-runner-7',
    );
    expect(existsSync(lockPath)).toBe(false);
  });

  it('`state unlock` finds the lock of another workspace where that workspace keeps it', () => {
    const dir = tempDir();
    const defaultLock = join(dir, 'contacts.state.json.lock');
    const stagingLock = join(dir, 'contacts.state.staging.json.lock');
    writeFileSync(
      defaultLock,
      JSON.stringify({ id: 'dflt', pid: 1, host: 'elsewhere', since: '2026-01-01T00:00:00Z' }),
    );
    writeFileSync(
      stagingLock,
      JSON.stringify({ id: 'stg-1', pid: 2, host: 'elsewhere', since: '2026-01-01T00:00:00Z' }),
    );
    const unlocked = runCli(['state', 'unlock', 'stg-1', '--workspace', 'staging'], dir);
    expect(unlocked.stderr).toBe('');
    expect(existsSync(stagingLock)).toBe(false);
    expect(existsSync(defaultLock)).toBe(true);
  });
});

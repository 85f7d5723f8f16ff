/**
 * The state lock: `<state file>.lock` holding `{id, pid, host, command, since, start}`. It is created
 * atomically (written to a temp file, then hard-linked into place, so it is never seen half-written).
 * A second process fails at once with a LockError naming the holder and the lock id, or waits up to a
 * timeout. `start` is the holder's process start time (from /proc/<pid>/stat), so a pid reused by
 * another process does not keep a dead holder's lock alive.
 *
 * A lock whose holder is gone (same host) is stale and taken over, by a protocol that gives it to one
 * racer only: to replace the stale lock X, a racer first claims `<lock>.takeover.<X's id>.1` (created
 * by link(), so once only); while holding the claim it re-reads the lock and, if it still is X, renames
 * its own lock over it (atomic: the lock never disappears, so a plain acquirer cannot slip in). A lock
 * is only ever replaced by the holder of its claim, so the re-read cannot go stale in between. A claim
 * left by a racer that died is skipped by claiming the next number (`….2`) once its owner is seen dead;
 * death is final, so at most one claimant is alive at a time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { LockError, StateError } from '../errors.js';
import { ioError, writeAll } from './atomic-write.js';
import type { LockHolder } from './types.js';

export interface HeldLock {
  holder: LockHolder;
  /** Set when a stale lock was taken over. */
  notice?: string;
  release(): Promise<void>;
}

const held = new Map<string, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [path, content] of held) {
      try {
        if (readFileSync(path, 'utf8') === content) unlinkSync(path);
      } catch {
        // Nothing more can be done while exiting.
      }
    }
  });
}

function parseHolder(text: string): LockHolder | 'unreadable' {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') {
      return value as LockHolder;
    }
  } catch {
    // fall through
  }
  return 'unreadable';
}

/** The holder recorded in a lock file; 'unreadable' for garbage; undefined when there is no lock. */
export async function readLockHolder(lockPath: string): Promise<LockHolder | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError('read', lockPath, error);
  }
  return parseHolder(text);
}

/**
 * The start time of a process (clock ticks since boot, field 22 of /proc/<pid>/stat), or undefined
 * where /proc is not available. Together with the pid it names one process, even after pid reuse.
 */
export function processStartTime(pid: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder's process is gone, on this host: its pid is dead, or now belongs to another process. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (!alive(holder.pid)) return true;
  if (holder.start === undefined) return false;
  const start = processStartTime(holder.pid);
  return start !== undefined && start !== holder.start;
}

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host} since ${holder.since}${holder.command ? ` (${holder.command})` : ''}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function tempBeside(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** No fsync: after a machine crash every holder is gone anyway, and its lock is stale. */
async function writeNew(path: string, content: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await writeAll(handle, Buffer.from(content, 'utf8'));
  } finally {
    await handle.close();
  }
}

/**
 * Creates `path` holding `content`, atomically and only if it does not exist (false then). The temp
 * file is named after `lockPath`, never after a claim (claims are removed by prefix).
 */
async function createOnce(path: string, content: string, lockPath: string): Promise<boolean> {
  const temp = tempBeside(lockPath);
  try {
    await writeNew(temp, content);
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

const claimPrefix = (lockPath: string, stale: LockHolder): string =>
  `${lockPath}.takeover.${stale.id ?? `${stale.pid}-${stale.since}`.replace(/[^\w.-]/g, '_')}.`;

/**
 * Replaces the stale lock `stale` with `content`, if this process wins the claim on it. Returns false
 * when another live racer holds the claim, or the lock is no longer `stale`.
 */
async function takeOver(lockPath: string, stale: LockHolder, content: string): Promise<boolean> {
  const prefix = claimPrefix(lockPath, stale);
  const me = `${JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) })}\n`;
  let claim: string | undefined;
  for (let n = 1; n < 1000 && !claim; n++) {
    const name = `${prefix}${n}`;
    if (await createOnce(name, me, lockPath)) {
      claim = name;
      break;
    }
    const owner = await readFile(name, 'utf8').then(
      (t) => JSON.parse(t) as { pid: number; start?: string },
      () => undefined,
    );
    if (!owner) return false; // removed: the takeover is over
    if (
      !isStale({
        pid: owner.pid,
        host: hostname(),
        since: '',
        ...(owner.start ? { start: owner.start } : {}),
      })
    )
      return false;
  }
  if (!claim) return false;
  try {
    const now = await readFile(lockPath, 'utf8').catch(() => undefined);
    const current = now === undefined ? undefined : parseHolder(now);
    if (current === undefined || current === 'unreadable' || !sameHolder(current, stale)) return false;
    const temp = tempBeside(lockPath);
    try {
      await writeNew(temp, content);
      await rename(temp, lockPath);
    } finally {
      await rm(temp, { force: true });
    }
    return true;
  } finally {
    await removeClaims(lockPath, prefix);
  }
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.id !== undefined || b.id !== undefined
    ? a.id === b.id
    : a.pid === b.pid && a.since === b.since && a.host === b.host;
}

/** Removes the claims on a lock that no longer is there (every claim with this prefix is over). */
async function removeClaims(lockPath: string, prefix: string): Promise<void> {
  const names = await readdir(dirname(lockPath)).catch(() => [] as string[]);
  const base = basename(prefix);
  await Promise.all(
    names.filter((n) => n.startsWith(base)).map((n) => rm(join(dirname(lockPath), n), { force: true })),
  );
}

export async function acquireLock(
  lockPath: string,
  options: { timeoutMs?: number; command?: string; what?: string } = {},
): Promise<HeldLock> {
  const start = processStartTime(process.pid);
  const holder: LockHolder = {
    id: randomUUID(),
    pid: process.pid,
    host: hostname(),
    ...(options.command ? { command: options.command } : {}),
    since: new Date().toISOString(),
    ...(start !== undefined ? { start } : {}),
  };
  const content = `${JSON.stringify(holder)}\n`;
  const deadline = Date.now() + (options.timeoutMs ?? 0);
  const what = options.what ?? lockPath;
  let notice: string | undefined;
  try {
    for (;;) {
      if (await createOnce(lockPath, content, lockPath)) break;
      const current = await readLockHolder(lockPath);
      if (current === undefined) continue; // released between our attempts
      if (current !== 'unreadable' && isStale(current) && (await takeOver(lockPath, current, content))) {
        notice = `took over a stale lock on ${what} left by ${describeHolder(current)}, which is no longer running`;
        break;
      }
      if (Date.now() >= deadline) {
        if (current === 'unreadable') {
          throw new LockError(
            `${what} is locked (${lockPath} exists but is unreadable); if no mai-contacts is running, remove it`,
          );
        }
        const unlock = current.id
          ? `; if that process no longer runs (on another host, say), \`mai-contacts state unlock ${current.id}\``
          : '';
        throw new LockError(
          `${what} is locked by another mai-contacts (lock id ${current.id ?? 'none'}); wait for it to finish, or use --lock-timeout${unlock}`,
          current,
        );
      }
      await sleep(Math.min(100, Math.max(1, deadline - Date.now())));
    }
  } catch (error) {
    if (error instanceof LockError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') throw new StateError(`cannot lock ${what}: its directory does not exist`);
    throw ioError('lock', what, error);
  }
  held.set(lockPath, content);
  installExitHook();
  const lock: HeldLock = {
    holder,
    release: async () => {
      if (!held.has(lockPath)) return;
      held.delete(lockPath);
      const now = await readFile(lockPath, 'utf8').catch(() => undefined);
      if (now === content) await rm(lockPath, { force: true });
    },
  };
  if (notice) lock.notice = notice;
  return lock;
}

/**
 * Terraform's force-unlock: removes the lock whose id is `id`, whoever holds it (for a holder on
 * another host, or one that cannot be seen to have stopped). Returns the holder it removed.
 */
export async function forceUnlock(lockPath: string, id: string, what = lockPath): Promise<LockHolder> {
  const current = await readLockHolder(lockPath);
  if (current === undefined) throw new LockError(`${what} is not locked`);
  if (current === 'unreadable') {
    throw new LockError(`${lockPath} is unreadable, so it has no id to match; remove it by hand`);
  }
  if (current.id !== id) {
    throw new LockError(
      `${what} is locked with id ${current.id ?? 'none'}, not ${id}; nothing was removed`,
      current,
    );
  }
  const aside = tempBeside(`${lockPath}.unlock`);
  await rename(lockPath, aside).catch((error: unknown) => {
    throw ioError('unlock', lockPath, error);
  });
  const moved = await readLockHolder(aside);
  if (moved !== 'unreadable' && moved?.id !== id) {
    // Released and taken again in between: put the new lock back, and say so.
    await link(aside, lockPath).catch(() => undefined);
    await rm(aside, { force: true });
    throw new LockError(`${what} was released and locked again meanwhile; nothing was removed`);
  }
  await rm(aside, { force: true });
  return current;
}

/** For readers that do not lock: waits (up to timeoutMs) while a live lock is held; returns its holder if still held. */
export async function waitWhileLocked(lockPath: string, timeoutMs: number): Promise<LockHolder | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await readLockHolder(lockPath);
    if (current === undefined) return undefined;
    if (current !== 'unreadable' && isStale(current)) return undefined;
    if (Date.now() >= deadline) return current === 'unreadable' ? undefined : current;
    await sleep(Math.min(100, Math.max(1, deadline - Date.now())));
  }
}

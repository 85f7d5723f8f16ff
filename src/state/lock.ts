/**
 * The state lock: `<state file>.lock` holding `{pid, host, command, since}`. It is created atomically
 * (written to a temp file, then hard-linked into place, so it is never seen half-written). A second
 * process fails at once with a LockError naming the holder, or waits up to a timeout. A lock whose pid
 * is dead on this host is stale and taken over (with a notice).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { LockError, StateError } from '../errors.js';
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

/** The holder recorded in a lock file; 'unreadable' for garbage; undefined when there is no lock. */
export async function readLockHolder(lockPath: string): Promise<LockHolder | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && !alive(holder.pid);
}

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host} since ${holder.since}${holder.command ? ` (${holder.command})` : ''}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves a stale lock aside, checking that what was moved is the stale lock we saw and not a fresh one. */
async function takeOver(lockPath: string, stale: LockHolder): Promise<boolean> {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return false; // someone else moved it first
  }
  const moved = await readLockHolder(aside);
  if (moved !== 'unreadable' && moved?.pid === stale.pid && moved.since === stale.since) {
    await rm(aside, { force: true });
    return true;
  }
  await link(aside, lockPath).catch(() => undefined); // a fresh lock: put it back
  await rm(aside, { force: true });
  return false;
}

export async function acquireLock(
  lockPath: string,
  options: { timeoutMs?: number; command?: string; what?: string } = {},
): Promise<HeldLock> {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    ...(options.command ? { command: options.command } : {}),
    since: new Date().toISOString(),
  };
  const content = `${JSON.stringify(holder)}\n`;
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const deadline = Date.now() + (options.timeoutMs ?? 0);
  let notice: string | undefined;
  try {
    await writeFile(temp, content, { mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new StateError(
      `cannot lock ${options.what ?? lockPath}: ${code === 'ENOENT' ? 'its directory does not exist' : (error as Error).message}`,
    );
  }
  try {
    for (;;) {
      try {
        await link(temp, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readLockHolder(lockPath);
      if (current === undefined) continue; // released between our attempts
      if (current !== 'unreadable' && isStale(current) && (await takeOver(lockPath, current))) {
        notice = `took over a stale lock on ${options.what ?? lockPath} left by ${describeHolder(current)}, which is no longer running`;
        continue;
      }
      if (Date.now() >= deadline) {
        const what = options.what ?? lockPath;
        if (current === 'unreadable') {
          throw new LockError(
            `${what} is locked (${lockPath} exists but is unreadable); if no mai-contacts is running, remove it`,
          );
        }
        throw new LockError(
          `${what} is locked by another mai-contacts; wait for it to finish, or use --lock-timeout`,
          current,
        );
      }
      await sleep(Math.min(100, Math.max(1, deadline - Date.now())));
    }
  } finally {
    await rm(temp, { force: true });
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

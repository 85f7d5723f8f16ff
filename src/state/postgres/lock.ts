/**
 * The PostgreSQL state lock: a session advisory lock, held on the store's one dedicated connection for
 * the whole run, so it dies with its holder (kill -9, a lost runner: the server ends the session). Its
 * key is derived from (schema, workspace): unrelated workspaces never block each other. Who holds it
 * is written to the `locks` table for whoever finds it taken.
 */
import { createHash, randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { ClientBase } from 'pg';
import { LockError, StateError } from '../../errors.js';
import type { LockHolder } from '../types.js';
import { quoteIdent } from './schema.js';

export interface LockKey {
  /** The bigint key, as text. */
  key: string;
  /** How pg_locks shows it: high half in classid, low half in objid, objsubid 1. */
  classid: number;
  objid: number;
}

export function lockKey(schema: string, workspace: string): LockKey {
  const digest = createHash('sha256').update(`mai-contacts\0${schema}\0${workspace}`).digest();
  return {
    key: digest.readBigInt64BE(0).toString(),
    classid: digest.readUInt32BE(0),
    objid: digest.readUInt32BE(4),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The backend pid holding the lock, or undefined when it is free. */
export async function lockHolderPid(client: ClientBase, key: LockKey): Promise<number | undefined> {
  const { rows } = await client.query<{ pid: number }>(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1 LIMIT 1",
    [key.classid, key.objid],
  );
  return rows[0]?.pid;
}

/** Who holds the lock, as its holder recorded it; a placeholder when the holder has not written it yet. */
export async function readHolder(
  client: ClientBase,
  schema: string,
  workspace: string,
  backendPid: number | undefined,
): Promise<LockHolder> {
  const { rows } = await client.query<
    LockHolder & { backend_pid: number; command: string | null; id: string | null }
  >(
    `SELECT id, who, host, pid, command, since, backend_pid FROM ${quoteIdent(schema)}.locks WHERE workspace = $1`,
    [workspace],
  );
  const row = rows[0];
  if (row && (backendPid === undefined || row.backend_pid === backendPid)) {
    return {
      ...(row.id ? { id: row.id } : {}),
      who: row.who,
      pid: row.pid,
      host: row.host,
      ...(row.command ? { command: row.command } : {}),
      since: row.since,
    };
  }
  return { pid: 0, host: 'unknown', since: 'just now', command: 'starting' };
}

export async function acquireAdvisoryLock(
  client: ClientBase,
  init: { schema: string; workspace: string; what: string; timeoutMs: number; command?: string },
): Promise<{ key: LockKey; holder: LockHolder }> {
  const key = lockKey(init.schema, init.workspace);
  const deadline = Date.now() + init.timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
      key.key,
    ]);
    if (rows[0]?.ok) break;
    if (Date.now() >= deadline) {
      const holder = await readHolder(client, init.schema, init.workspace, await lockHolderPid(client, key));
      const unlock = holder.id
        ? `; if that run is lost (its runner gone, its database session still open), \`mai-contacts state unlock ${holder.id}\` ends its session`
        : '';
      throw new LockError(
        `${init.what} is locked by another mai-contacts (lock id ${holder.id ?? 'none yet'}); wait for it to finish, or use --lock-timeout${unlock}`,
        holder,
      );
    }
    await sleep(Math.min(200, Math.max(1, deadline - Date.now())));
  }
  const holder: LockHolder = {
    id: randomUUID(),
    who: userInfo().username,
    pid: process.pid,
    host: hostname(),
    ...(init.command ? { command: init.command } : {}),
    since: new Date().toISOString(),
  };
  await client.query(
    `INSERT INTO ${quoteIdent(init.schema)}.locks (workspace, id, who, host, pid, command, since, backend_pid)
     VALUES ($1, $2, $3, $4, $5, $6, $7, pg_backend_pid())
     ON CONFLICT (workspace) DO UPDATE SET id = EXCLUDED.id, who = EXCLUDED.who, host = EXCLUDED.host,
       pid = EXCLUDED.pid, command = EXCLUDED.command, since = EXCLUDED.since, backend_pid = EXCLUDED.backend_pid`,
    [init.workspace, holder.id, holder.who, holder.host, holder.pid, holder.command ?? null, holder.since],
  );
  return { key, holder };
}

export async function releaseAdvisoryLock(
  client: ClientBase,
  schema: string,
  workspace: string,
  key: LockKey,
): Promise<void> {
  await client.query(
    `DELETE FROM ${quoteIdent(schema)}.locks WHERE workspace = $1 AND backend_pid = pg_backend_pid()`,
    [workspace],
  );
  await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.key]);
}

/** Readers: waits up to timeoutMs while a writer holds the lock; its holder when it still does. */
export async function waitWhileHeld(
  client: ClientBase,
  schema: string,
  workspace: string,
  timeoutMs: number,
): Promise<LockHolder | undefined> {
  const key = lockKey(schema, workspace);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = await lockHolderPid(client, key);
    if (pid === undefined) return undefined;
    if (Date.now() >= deadline) return readHolder(client, schema, workspace, pid);
    await sleep(Math.min(200, Math.max(1, deadline - Date.now())));
  }
}

/**
 * `state unlock LOCK_ID`: frees a lock whose holder is lost but whose session is still open (a runner
 * gone without its TCP connection closing, a hung process). The session advisory lock can only be
 * released by its own session, so the holder's backend (recorded in its holder row) is terminated
 * (pg_terminate_backend); the server then releases the lock, and the holder row is removed. Refused,
 * with nothing done, unless the lock is held and its recorded id is `id`.
 */
export async function forceUnlockAdvisory(
  client: ClientBase,
  init: { schema: string; workspace: string; what: string; id: string; waitMs?: number },
): Promise<{ holder: LockHolder; action: string }> {
  const key = lockKey(init.schema, init.workspace);
  const backendPid = await lockHolderPid(client, key);
  if (backendPid === undefined) {
    throw new LockError(`${init.what} is not locked; nothing was done`);
  }
  const holder = await readHolder(client, init.schema, init.workspace, backendPid);
  if (holder.id !== init.id) {
    throw new LockError(
      holder.id
        ? `${init.what} is locked with id ${holder.id}, not ${init.id}; nothing was done`
        : `${init.what} is locked by a holder that has not recorded its id yet, not ${init.id}; nothing was done`,
      holder,
    );
  }
  let ended: boolean | undefined;
  try {
    const { rows } = await client.query<{ ended: boolean }>('SELECT pg_terminate_backend($1) AS ended', [
      backendPid,
    ]);
    ended = rows[0]?.ended;
  } catch (error) {
    throw new StateError(
      `cannot end the session (backend pid ${backendPid}) holding the lock on ${init.what}: ${(error as Error).message}; ` +
        'ending another session needs the pg_signal_backend role, the same role as the holder, or a superuser',
    );
  }
  // The server releases the lock once that backend has exited.
  const deadline = Date.now() + (init.waitMs ?? 10_000);
  while (ended && (await lockHolderPid(client, key)) === backendPid) {
    if (Date.now() >= deadline) {
      throw new StateError(
        `the session (backend pid ${backendPid}) holding the lock on ${init.what} was told to end but still holds it`,
      );
    }
    await sleep(50);
  }
  await client.query(
    `DELETE FROM ${quoteIdent(init.schema)}.locks WHERE workspace = $1 AND id = $2 AND backend_pid = $3`,
    [init.workspace, init.id, backendPid],
  );
  return {
    holder,
    action: ended
      ? `its database session (backend pid ${backendPid}) was ended, which released the advisory lock, and its holder row removed`
      : `its database session (backend pid ${backendPid}) had already ended; its holder row was removed`,
  };
}

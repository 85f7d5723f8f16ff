/**
 * The PostgreSQL state lock: a session advisory lock, held on the store's one dedicated connection for
 * the whole run, so it dies with its holder (kill -9, a lost runner: the server ends the session). Its
 * key is derived from (schema, workspace): unrelated workspaces never block each other. Who holds it
 * is written to the `locks` table for whoever finds it taken.
 */
import { createHash } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { ClientBase } from 'pg';
import { LockError } from '../../errors.js';
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
  const { rows } = await client.query<LockHolder & { backend_pid: number; command: string | null }>(
    `SELECT who, host, pid, command, since, backend_pid FROM ${quoteIdent(schema)}.locks WHERE workspace = $1`,
    [workspace],
  );
  const row = rows[0];
  if (row && (backendPid === undefined || row.backend_pid === backendPid)) {
    return {
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
      throw new LockError(
        `${init.what} is locked by another mai-contacts; wait for it to finish, or use --lock-timeout`,
        holder,
      );
    }
    await sleep(Math.min(200, Math.max(1, deadline - Date.now())));
  }
  const holder: LockHolder = {
    who: userInfo().username,
    pid: process.pid,
    host: hostname(),
    ...(init.command ? { command: init.command } : {}),
    since: new Date().toISOString(),
  };
  await client.query(
    `INSERT INTO ${quoteIdent(init.schema)}.locks (workspace, who, host, pid, command, since, backend_pid)
     VALUES ($1, $2, $3, $4, $5, $6, pg_backend_pid())
     ON CONFLICT (workspace) DO UPDATE SET who = EXCLUDED.who, host = EXCLUDED.host, pid = EXCLUDED.pid,
       command = EXCLUDED.command, since = EXCLUDED.since, backend_pid = EXCLUDED.backend_pid`,
    [init.workspace, holder.who, holder.host, holder.pid, holder.command ?? null, holder.since],
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

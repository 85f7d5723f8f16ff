/**
 * The PostgreSQL backend: one row per contact, lineage and serial per workspace (see schema.ts). A
 * writer holds one dedicated connection for the whole run: the advisory lock lives on it (lock.ts) and
 * every recorded change is committed on it in a short transaction before its promise resolves. Changes
 * that land while a commit is in flight go out together in the next one (group commit, as the file
 * journal does). If that connection is lost, the lock is gone with it: `lockLost()` says so and no
 * further change is recorded. A reader reads one consistent snapshot and disconnects.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { LockError, StateError } from '../../errors.js';
import { identityKey } from '../../resolve/identity.js';
import type { CompactEntries } from '../compact-entries.js';
import { checkEntry, EntryIndex, entryFromInput } from '../entry-index.js';
import type { OpenStateOptions, StateBackend, StateStore } from '../store.js';
import type { LockHolder, StateEntry } from '../types.js';
import { parseDatabaseUrl, refusedForEncryption, type DatabaseTarget } from './connection.js';
import {
  acquireAdvisoryLock,
  forceUnlockAdvisory,
  releaseAdvisoryLock,
  waitWhileHeld,
  type LockKey,
} from './lock.js';
import {
  briefWorkspaceFromColumns,
  loadBriefWorkspace,
  loadWorkspace,
  replaceWorkspace,
  sweepQueryMetadata,
  writeRows,
  type BriefWorkspace,
  type BriefWorkspaceColumns,
  type LoadedWorkspace,
  type RowOp,
} from './rows.js';
import { ensureSchema, quoteIdent } from './schema.js';

export function postgresBackend(url: string, options: { createSchema?: boolean } = {}): StateBackend {
  const target = parseDatabaseUrl(url, process.env, options);
  return {
    location: target.location,
    open: (workspace, openOptions) => openPostgresState(url, target, workspace, openOptions),
    async forceUnlock(workspace, id) {
      const client = await connect(target);
      try {
        if (!(await ensureSchema(client, target.schema, { create: false, write: false }))) {
          throw new LockError(
            `state ${target.location} workspace ${workspace} is not locked; nothing was done`,
          );
        }
        return await forceUnlockAdvisory(client, {
          schema: target.schema,
          workspace,
          what: `state ${target.location} workspace ${workspace}`,
          id,
        });
      } catch (error) {
        throw asStateError(target, error);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async workspaces() {
      const client = await connect(target);
      try {
        if (!(await ensureSchema(client, target.schema, { create: false, write: false }))) return [];
        const { rows } = await client.query<{ name: string }>(
          `SELECT name FROM ${quoteIdent(target.schema)}.workspaces ORDER BY name COLLATE "C"`,
        );
        return rows.map((r) => r.name);
      } catch (error) {
        throw asStateError(target, error);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    close: () => Promise.resolve(),
  };
}

export function asStateError(target: DatabaseTarget, error: unknown): Error {
  if (error instanceof StateError || error instanceof LockError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StateError(`state database ${target.location}: ${target.redact(message)}`);
}

export async function connect(target: DatabaseTarget): Promise<pg.Client> {
  for (let i = 0; ; i++) {
    const client = new pg.Client(target.attempts[i]);
    // A connection error after connect is reported through `lockLost` (writers) or the failing query.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      // sslmode prefer or allow: the server refused this attempt's encryption, so try the other.
      if (i + 1 < target.attempts.length && refusedForEncryption(error)) continue;
      throw cannotConnect(target, error);
    }
  }
}

function cannotConnect(target: DatabaseTarget, error: unknown): StateError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = target.redact(
    error instanceof Error && error.message ? error.message : String(code ?? error),
  );
  return new StateError(
    `cannot connect to the state database at ${target.host}:${target.port} (${target.location}, sslmode ${target.sslMode}): ${reason}`,
  );
}

async function openPostgresState(
  url: string,
  target: DatabaseTarget,
  workspace: string,
  options: OpenStateOptions,
): Promise<StateStore> {
  const what = `state ${target.location} workspace ${workspace}`;
  if (!options.lock && options.compact && existsSync(WORKER)) {
    const { lockedBy, loaded } = await readInWorker(url, target, workspace, options);
    return createStore({ target, workspace, what, client: undefined, lock: undefined, lockedBy, loaded });
  }
  const client = await connect(target);
  let lock: { key: LockKey; holder: LockHolder } | undefined;
  try {
    const ready = await ensureSchema(client, target.schema, {
      create: target.createSchema,
      write: options.lock,
    });
    let lockedBy: LockHolder | undefined;
    let loaded;
    if (options.lock) {
      lock = await acquireAdvisoryLock(client, {
        schema: target.schema,
        workspace,
        what,
        timeoutMs: options.lockTimeoutMs ?? 0,
        ...(options.command ? { command: options.command } : {}),
      });
      loaded = await loadWorkspace(client, target.schema, workspace);
    } else {
      const read = (c: pg.Client, schema: string, name: string): Promise<BriefWorkspace | LoadedWorkspace> =>
        options.compact ? loadBriefWorkspace(c, schema, name) : loadWorkspace(c, schema, name);
      let found;
      ({ lockedBy, found } = await readUnlocked(client, target.schema, ready, workspace, options, read));
      loaded = found ?? emptyWorkspace();
    }
    if (!lock) await client.end().catch(() => undefined);
    return createStore({
      target,
      workspace,
      what,
      client: lock ? client : undefined,
      lock,
      lockedBy,
      loaded,
    });
  } catch (error) {
    if (lock) {
      await releaseAdvisoryLock(client, target.schema, workspace, lock.key).catch(() => undefined);
    }
    await client.end().catch(() => undefined);
    throw asStateError(target, error);
  }
}

/**
 * The steps of an unlocked read, on the main thread and in the reader thread alike: nothing when the
 * schema is not there yet (`ready` false); otherwise the lock waited for if asked, then `read` in one
 * REPEATABLE READ READ ONLY transaction.
 */
export async function readUnlocked<T>(
  client: pg.Client,
  schema: string,
  ready: boolean,
  workspace: string,
  options: { waitWhileLockedMs?: number | undefined },
  read: (client: pg.Client, schema: string, workspace: string) => Promise<T>,
): Promise<{ lockedBy: LockHolder | undefined; found: T | undefined }> {
  if (!ready) return { lockedBy: undefined, found: undefined };
  const lockedBy =
    options.waitWhileLockedMs !== undefined
      ? await waitWhileHeld(client, schema, workspace, options.waitWhileLockedMs)
      : undefined;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const found = await read(client, schema, workspace);
  await client.query('COMMIT');
  return { lockedBy, found };
}

/** A workspace that holds no state yet. */
function emptyWorkspace(): LoadedWorkspace {
  return {
    exists: false,
    lineage: undefined,
    serial: 0,
    entries: new Map<string, StateEntry>(),
    queryMetadata: [],
  };
}

/** The reader thread of a compact store's rows (postgres-state-worker.ts), beside this module if built. */
const WORKER = new URL('./postgres-state-worker.js', import.meta.url);

/** What the reader thread hands over (postgres-state-worker.ts): the unlocked compact read, or why not. */
export type WorkerMessage =
  | { ready: false; lockedBy: LockHolder | undefined }
  | { ready: true; lockedBy: LockHolder | undefined; data: BriefWorkspaceColumns }
  | { error: string };

/**
 * An unlocked compact read (what plan opens) in a worker thread, on a connection of its own: the same
 * steps as openPostgresState's (the schema looked at, the lock waited for if asked, one REPEATABLE READ
 * READ ONLY transaction), the rows parsed and put in columns away from the main thread, which reads the
 * config meanwhile. The worker starts at once: none of its round trips waits for the main thread.
 */
async function readInWorker(
  url: string,
  target: DatabaseTarget,
  workspace: string,
  options: OpenStateOptions,
): Promise<{ lockedBy: LockHolder | undefined; loaded: BriefWorkspace | LoadedWorkspace }> {
  const failed = (why: string): StateError =>
    new StateError(`state database ${target.location}: the reader of its rows ${target.redact(why)}`);
  const message = await new Promise<WorkerMessage>((resolve, reject) => {
    const worker = new Worker(WORKER, {
      // A million rows make some 10 million short-lived strings: with a young generation of 64 MB, not
      // V8's default, the worker's time collecting garbage halves (1.5 s to 0.8 s at a million rows).
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
      workerData: {
        url,
        createSchema: target.createSchema,
        workspace,
        waitWhileLockedMs: options.waitWhileLockedMs,
      },
    });
    worker.once('message', resolve);
    worker.once('error', (error) => reject(failed(`failed: ${error.message}`)));
    worker.once('exit', (code) => reject(failed(`stopped (exit code ${code})`)));
  });
  if ('error' in message) throw new StateError(target.redact(message.error));
  if (!message.ready) return { lockedBy: message.lockedBy, loaded: emptyWorkspace() };
  return { lockedBy: message.lockedBy, loaded: briefWorkspaceFromColumns(message.data) };
}

function createStore(init: {
  target: DatabaseTarget;
  workspace: string;
  what: string;
  client: pg.Client | undefined;
  lock: { key: LockKey; holder: LockHolder } | undefined;
  lockedBy: LockHolder | undefined;
  loaded: Awaited<ReturnType<typeof loadWorkspace>> | BriefWorkspace;
}): StateStore {
  const { target, workspace, client, lock, loaded } = init;
  let index: EntryIndex | CompactEntries =
    loaded.entries instanceof Map ? new EntryIndex(loaded.entries) : loaded.entries;
  let lineage = loaded.lineage ?? randomUUID();
  let serial = loaded.serial;
  let exists = loaded.exists;
  let closed = false;
  let lost: string | undefined;

  if (client) {
    const onLost = (error?: Error): void => {
      if (closed || lost) return;
      lost =
        `the connection holding the lock on ${init.what} was lost` +
        (error?.message ? ` (${target.redact(error.message)})` : '') +
        '; the lock is gone with it';
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
  }

  // Group commit: changes queued while a transaction is in flight go out together in the next one.
  let queue: { op: RowOp; serial: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const last = batch[batch.length - 1] as (typeof batch)[number];
      try {
        if (lost) throw new StateError(lost);
        await writeRows(client as pg.Client, {
          schema: target.schema,
          workspace,
          lineage,
          serial: last.serial,
          ops: batch.map((b) => b.op),
        });
        for (const b of batch) b.resolve();
      } catch (error) {
        const failure =
          lost !== undefined
            ? new StateError(`${lost}; the change was not recorded`)
            : asStateError(target, error);
        for (const b of batch) b.reject(failure);
      }
    }
    flushing = undefined;
  };
  const write = (op: RowOp, at: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      queue.push({ op, serial: at, resolve, reject });
      // Started once this turn of the event loop has run (setImmediate), so that every change whose
      // response arrived in the same turn shares the first write too: at 16 in flight, about a quarter
      // fewer transactions than starting a microtask later.
      flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
    });

  // Set once this run has written: its end (commit, or close) then sweeps the shared query_metadata
  // rows no contact refers to any more (the ones its changes orphaned, and any a killed run left). The
  // sweep is one probe per query_metadata row. Housekeeping: a sweep that fails (the connection lost,
  // say) fails no command, and a later run's sweep removes what it left.
  let sweepDue = false;
  const sweep = async (): Promise<void> => {
    if (!sweepDue || lost || !client) return;
    try {
      await sweepQueryMetadata(client, target.schema);
      sweepDue = false;
    } catch {
      // Left for a later sweep.
    }
  };

  const writable = (what: string): void => {
    if (closed) throw new StateError(`cannot ${what}: the ${init.what} is closed`);
    if (!client)
      throw new StateError(`cannot ${what}: the ${init.what} was opened read-only (without the lock)`);
    if (lost) throw new StateError(`cannot ${what}: ${lost}`);
  };

  return {
    location: target.location,
    workspace,
    get exists() {
      return exists;
    },
    get lineage() {
      return lineage;
    },
    get serial() {
      return serial;
    },
    get size() {
      return index.size;
    },
    notices: [],
    lockedBy: init.lockedBy,
    lockLost: () => lost,
    snapshot: () => (exists ? { lineage, serial } : null),
    entries: () => index.values(),
    identities: () => index.identities(),
    ...(index instanceof EntryIndex ? {} : { join: () => (index as CompactEntries).join() }),
    get: (identity) => index.get(identity),
    find: (key) => index.find(key),
    async record(input) {
      writable('record a change');
      const entry = entryFromInput(input, index.get(identityKey(input.inbox, input.source_id)));
      checkEntry(entry, lineage, serial + 1);
      sweepDue = true;
      serial += 1;
      exists = true;
      index.set(entry);
      await write({ op: 'put', entry }, serial);
      return entry;
    },
    async remove(identity) {
      writable('remove a contact');
      const entry = index.get(identity);
      if (!entry) return false;
      serial += 1;
      index.delete(identity);
      sweepDue = true;
      await write({ op: 'rm', inbox: entry.inbox, source_id: entry.source_id }, serial);
      return true;
    },
    async commit() {
      writable('commit');
      await flushing;
      await sweep();
    },
    async copyFrom(source) {
      writable('copy a state');
      await flushing;
      const entries = [...source.entries];
      try {
        await replaceWorkspace(client as pg.Client, {
          schema: target.schema,
          workspace,
          lineage: source.lineage,
          serial: source.serial,
          entries,
        });
      } catch (error) {
        throw lost !== undefined ? new StateError(lost) : asStateError(target, error);
      }
      sweepDue = true;
      lineage = source.lineage;
      serial = source.serial;
      exists = true;
      index = new EntryIndex(new Map(entries.map((e) => [e.identity, e])));
    },
    async close() {
      if (closed) return;
      await flushing;
      closed = true;
      if (!client) return;
      try {
        await sweep();
        if (!lost && lock) await releaseAdvisoryLock(client, target.schema, workspace, lock.key);
      } catch {
        // The session ends below, and the lock with it.
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

/**
 * The file backend: a state file, its journal and its lock beside it (the only code that knows their
 * names). `open` loads the state file and folds in its journal. With `lock: true` it first takes the
 * exclusive lock and the store can write: `record` / `remove` append one journal line each (O(1),
 * durable when the promise settles) and `commit` folds everything into a new state file atomically.
 * Without the lock the store is a read-only snapshot (what plan uses: a reader never blocks a running
 * apply; the plan carries lineage/serial, so apply can refuse it if the state moved since).
 *
 * Workspace `default` is the path itself; workspace NAME is `<stem>.NAME<ext>` beside it
 * (`contacts.state.json` -> `contacts.state.staging.json`).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readSync } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StateError } from '../errors.js';
import { identityKey } from '../resolve/identity.js';
import { removeLeftoverTemps, writeFileAtomic } from './atomic-write.js';
import type { CompactEntries } from './compact-entries.js';
import { EntryIndex, entryFromInput, entryOf } from './entry-index.js';
import { JournalWriter, readJournal } from './journal.js';
import { lineBatches } from './line-batches.js';
import { acquireLock, forceUnlock, waitWhileLocked, type HeldLock } from './lock.js';
import {
  briefFromColumns,
  briefStateLines,
  decodeState,
  decodeStateLines,
  encodeState,
  storedEntry,
  type BriefColumns,
  type BriefState,
  type DecodedState,
} from './state-file.js';
import { journalLineProblem } from './state-schema.js';
import { DEFAULT_WORKSPACE, type OpenStateOptions, type StateBackend, type StateStore } from './store.js';
import type { JournalLine, LockHolder, StateEntry } from './types.js';

export function fileBackend(path: string): StateBackend {
  const ext = extname(path);
  const stem = basename(path, ext);
  const pathOf = (workspace: string): string =>
    workspace === DEFAULT_WORKSPACE ? path : join(dirname(path), `${stem}.${workspace}${ext}`);
  return {
    location: path,
    open: (workspace, options) => openFileState(pathOf(workspace), workspace, options),
    async workspaces() {
      const names = await readdir(dirname(path)).catch(() => [] as string[]);
      const found = new Set<string>();
      const own = basename(path);
      for (const name of names) {
        const file = name.endsWith('.journal') ? name.slice(0, -'.journal'.length) : name;
        if (file === own) found.add(DEFAULT_WORKSPACE);
        else if (file.startsWith(`${stem}.`) && file.endsWith(ext)) {
          const workspace = file.slice(stem.length + 1, file.length - ext.length);
          if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(workspace)) found.add(workspace);
        }
      }
      return [...found].sort();
    },
    async forceUnlock(workspace, id) {
      // The lock sits beside the file a symlinked state points to, as when it was taken.
      const target = await resolveLink(pathOf(workspace));
      const holder = await forceUnlock(`${target}.lock`, id, `state ${pathOf(workspace)}`);
      return { holder, action: `removed the lock file ${target}.lock` };
    },
    close: () => Promise.resolve(),
  };
}

/** The file a symlink points to (also a dangling one); the path as given when it is no symlink. */
async function resolveLink(path: string): Promise<string> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat?.isSymbolicLink()) return path;
  return realpath(path).catch(async () => resolve(dirname(path), await readlink(path)));
}

async function openFileState(
  given: string,
  workspace: string,
  options: OpenStateOptions,
): Promise<StateStore> {
  // A symlinked state file is written through to its target, with the lock and journal beside it.
  const path = await resolveLink(given);
  const journalPath = `${path}.journal`;
  const lockPath = `${path}.lock`;
  let lock: HeldLock | undefined;
  let lockedBy: LockHolder | undefined;
  let opened: { close(): Promise<void> } | undefined;
  const notices: string[] = [];
  if (options.lock) {
    lock = await acquireLock(lockPath, {
      timeoutMs: options.lockTimeoutMs ?? 0,
      what: `state ${path}`,
      ...(options.command ? { command: options.command } : {}),
    });
    if (lock.notice) notices.push(lock.notice);
    for (const temp of await removeLeftoverTemps(path))
      notices.push(`removed ${temp}, left by an interrupted save`);
  } else if (options.waitWhileLockedMs !== undefined) {
    lockedBy = await waitWhileLocked(lockPath, options.waitWhileLockedMs);
  }
  try {
    // The journal is read before the state file: a concurrent save can only make the file newer than the
    // journal we saw, and lines already folded into it are skipped by serial.
    const journal = await readJournal(journalPath);
    const compact = options.compact === true && !options.lock;
    const fromFile = compact ? await readBriefStateFile(path) : await readStateFile(path);
    opened = fromFile && 'close' in fromFile ? fromFile : undefined;
    const decoded = fromFile ?? {
      lineage: journal.lines[0]?.lineage ?? randomUUID(),
      serial: 0,
      entries: new Map<string, StateEntry>(),
    };
    const fileSerial = decoded.serial;
    for (const line of journal.lines) {
      if (line.lineage !== decoded.lineage) {
        throw new StateError(
          `${journalPath} belongs to another state (lineage ${line.lineage}, not ${decoded.lineage}); move it away`,
        );
      }
      if (line.serial <= fileSerial) continue;
      if (line.serial !== decoded.serial + 1) {
        throw new StateError(
          `${journalPath}: serial ${decoded.serial + 1} is missing (the next line has serial ${line.serial}); ` +
            'changes were lost, so the state was not opened: restore the journal, or move it away and let the next plan adopt what is live',
        );
      }
      if (line.op === 'put') {
        const entry = entryOf(line.entry);
        if (decoded.entries instanceof Map) decoded.entries.set(entry.identity, entry);
        else decoded.entries.set(entry);
      } else {
        decoded.entries.delete(identityKey(line.inbox, line.source_id));
      }
      decoded.serial = Math.max(decoded.serial, line.serial);
    }
    if (journal.tornTail) {
      notices.push(`ignored a torn last line in ${journalPath} (an interrupted write)`);
    }
    return createStore({
      path,
      workspace,
      journalPath,
      exists: fromFile !== undefined || journal.lines.length > 0,
      decoded,
      notices,
      lock,
      lockedBy,
      opened,
      // Lines already folded into the state file (a save interrupted before it emptied the journal)
      // are dropped before the first append, so the journal's serials stay consecutive.
      truncateTo:
        journal.lines.length > 0 && journal.lines.every((l) => l.serial <= fileSerial)
          ? 0
          : journal.tornTail
            ? journal.validBytes
            : undefined,
    });
  } catch (error) {
    await opened?.close();
    await lock?.release();
    throw error;
  }
}

function createStore(init: {
  path: string;
  workspace: string;
  journalPath: string;
  exists: boolean;
  decoded: { lineage: string; serial: number; entries: Map<string, StateEntry> | CompactEntries };
  notices: string[];
  lock: HeldLock | undefined;
  lockedBy: LockHolder | undefined;
  /** A compact store's state file, open while its entries may be decoded. */
  opened: { close(): Promise<void> } | undefined;
  truncateTo: number | undefined;
}): StateStore {
  const { path, decoded, lock } = init;
  let index: EntryIndex | CompactEntries =
    decoded.entries instanceof Map ? new EntryIndex(decoded.entries) : decoded.entries;
  let lineage = decoded.lineage;
  let serial = decoded.serial;
  let exists = init.exists;
  let closed = false;
  const journal = lock
    ? new JournalWriter(init.journalPath, init.truncateTo, init.decoded.serial)
    : undefined;

  const writable = (what: string): JournalWriter => {
    if (closed) throw new StateError(`cannot ${what}: the state ${path} is closed`);
    if (!journal)
      throw new StateError(`cannot ${what}: the state ${path} was opened read-only (without the lock)`);
    return journal;
  };

  return {
    location: path,
    workspace: init.workspace,
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
    notices: init.notices,
    lockedBy: init.lockedBy,
    lockLost: () => undefined,
    snapshot: () => (exists ? { lineage, serial } : null),
    entries: () => index.values(),
    identities: () => index.identities(),
    get: (identity) => index.get(identity),
    find: (key) => index.find(key),
    ...(index instanceof EntryIndex ? {} : { join: () => (index as CompactEntries).join() }),
    async record(input) {
      const out = writable('record a change');
      const entry = entryFromInput(input, index.get(identityKey(input.inbox, input.source_id)));
      const line: JournalLine = {
        serial: serial + 1,
        lineage,
        op: 'put',
        entry: storedEntry(entry),
      };
      const problem = journalLineProblem(line);
      if (problem)
        throw new StateError(`cannot record ${input.address}: the entry is malformed (${problem})`);
      serial += 1;
      exists = true;
      index.set(entry);
      await out.append(line);
      return entry;
    },
    async remove(identity) {
      const out = writable('remove a contact');
      const entry = index.get(identity);
      if (!entry) return false;
      serial += 1;
      index.delete(identity);
      await out.append({
        serial,
        lineage,
        op: 'rm',
        inbox: entry.inbox,
        source_id: entry.source_id,
      });
      return true;
    },
    async commit() {
      const out = writable('save');
      await out.drain();
      serial += 1;
      await writeFileAtomic(path, encodeState({ lineage, serial, entries: (index as EntryIndex).entries }));
      exists = true;
      await out.truncate(serial);
    },
    async copyFrom(source) {
      const out = writable('copy a state');
      await out.drain();
      const entries = new Map<string, StateEntry>();
      for (const entry of source.entries) entries.set(entry.identity, entry);
      await writeFileAtomic(path, encodeState({ lineage: source.lineage, serial: source.serial, entries }));
      await out.truncate(source.serial);
      lineage = source.lineage;
      serial = source.serial;
      exists = true;
      index = new EntryIndex(entries);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await journal?.close();
        await init.opened?.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

/**
 * The decoded state file, or undefined when there is none. Read line by line in the layout the state
 * module writes (decodeStateLines); a file in another layout is read whole and decoded as JSON.
 */
async function readStateFile(path: string): Promise<DecodedState | undefined> {
  const cannotRead = (error: NodeJS.ErrnoException): never => {
    throw new StateError(`cannot read ${path}: ${error.message}`);
  };
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? undefined : cannotRead(error),
  );
  if (!handle) return undefined;
  try {
    const streamed = await decodeStateLines(path, lineBatchesOf(handle, cannotRead));
    if (streamed) return streamed;
    const text = await handle.readFile({ encoding: 'utf8' }).catch(cannotRead);
    return decodeState(path, text);
  } finally {
    await handle.close();
  }
}

/**
 * readStateFile for a compact store (OpenStateOptions.compact): entries kept brief (briefStateLines),
 * each decoded from its line when asked for, through the file kept open until the store is closed (the
 * same file even if a writer replaces it meanwhile). A file in another layout is decoded whole.
 */
async function readBriefStateFile(
  path: string,
): Promise<(BriefState & { close(): Promise<void> }) | DecodedState | undefined> {
  const cannotRead = (error: NodeJS.ErrnoException): never => {
    throw new StateError(`cannot read ${path}: ${error.message}`);
  };
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? undefined : cannotRead(error),
  );
  if (!handle) return undefined;
  let isOpen = true;
  const close = async (): Promise<void> => {
    if (!isOpen) return;
    isOpen = false;
    await handle.close();
  };
  const read = (offset: number, length: number): string => {
    if (!isOpen) throw new StateError(`cannot read ${path}: the state was closed`);
    const buffer = Buffer.allocUnsafe(length);
    for (let done = 0; done < length;) {
      let n = 0;
      try {
        n = readSync(handle.fd, buffer, done, length - done, offset + done);
      } catch (error) {
        cannotRead(error as NodeJS.ErrnoException);
      }
      if (n === 0) throw new StateError(`${path} changed while it was read (it is shorter now)`);
      done += n;
    }
    return buffer.toString('utf8');
  };
  try {
    const size = (await handle.stat()).size;
    const brief =
      size >= WORKER_BYTES && existsSync(WORKER)
        ? await briefInWorker(path, handle).then((data) => data && briefFromColumns(path, data, read))
        : await briefStateLines(path, lineBatchesOf(handle, cannotRead), read);
    if (brief) return Object.assign(brief, { close });
    const text = await handle.readFile({ encoding: 'utf8' }).catch(cannotRead);
    await close();
    return decodeState(path, text);
  } catch (error) {
    await close();
    throw error;
  }
}

/** The lines of an open file, in batches (line-batches.ts). */
function lineBatchesOf(
  handle: FileHandle,
  cannotRead: (error: NodeJS.ErrnoException) => never,
): AsyncGenerator<string[]> {
  return lineBatches((buffer, position) =>
    handle.read(buffer, 0, buffer.length, position).then(({ bytesRead }) => bytesRead, cannotRead),
  );
}

/** State files this large are read in a worker thread (state-worker.ts), while the config is read. */
const WORKER_BYTES = 16 << 20;

/** The worker's script beside this module (the built CLI's, or dist/state's), if there is one. */
const WORKER = new URL('./state-worker.js', import.meta.url);

/** briefStateLines of the state file open as `handle`, in a worker thread. */
function briefInWorker(path: string, handle: FileHandle): Promise<BriefColumns | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { path, fd: handle.fd } });
    worker.once('message', (message: { data?: BriefColumns; error?: string; state?: boolean }) => {
      if (message.error === undefined) resolve(message.data);
      else reject(message.state ? new StateError(message.error) : new Error(message.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the state file's reader stopped (exit code ${code})`)));
  });
}

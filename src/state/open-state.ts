/**
 * The state store, the only code that touches the state file. `openState` loads the state file and
 * folds in its journal. With `lock: true` it first takes the exclusive lock and the store can write:
 * `record` / `remove` append one journal line each (O(1), durable when the promise settles) and `save`
 * folds everything into a new state file atomically. Without the lock the store is a read-only snapshot
 * (what plan uses: a reader never blocks a running apply; the plan carries lineage/serial, so apply can
 * refuse it if the state moved since).
 */
import { randomUUID } from 'node:crypto';
import { lstat, readFile, readlink, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { StateError } from '../errors.js';
import { digestBody } from '../resolve/canonical-body.js';
import { identityKey } from '../resolve/identity.js';
import { removeLeftoverTemps, writeFileAtomic } from './atomic-write.js';
import { JournalWriter, readJournal } from './journal.js';
import { acquireLock, type HeldLock } from './lock.js';
import { decodeState, encodeState, storedEntry } from './state-file.js';
import { journalLineProblem } from './state-schema.js';
import type { JournalLine, StateEntry, StateEntryInput, StateSnapshot } from './types.js';

export interface OpenStateOptions {
  /** Take the exclusive lock (needed to record, remove or save). */
  lock: boolean;
  /** How long to wait for a held lock; 0 (the default) fails at once. */
  lockTimeoutMs?: number;
  /** Recorded in the lock for whoever finds it held, e.g. "apply". */
  command?: string;
}

export interface StateStore {
  readonly path: string;
  /** A state file or journal exists (false for a brand-new state). */
  readonly exists: boolean;
  readonly lineage: string;
  readonly serial: number;
  readonly size: number;
  /** Things worth telling the user: a stale lock taken over, a torn journal line dropped. */
  readonly notices: readonly string[];
  /** `{lineage, serial}`, or null for a state that does not exist yet. */
  snapshot(): StateSnapshot | null;
  entries(): IterableIterator<StateEntry>;
  get(identity: string): StateEntry | undefined;
  /** By address (as last applied) or by identity key `<inbox uuid>/<source_id>`. */
  find(addressOrIdentity: string): StateEntry | undefined;
  /** Records one applied change (durable when the promise resolves). */
  record(input: StateEntryInput): Promise<StateEntry>;
  /** Forgets a contact; false when it was not there. */
  remove(identity: string): Promise<boolean>;
  /** Writes the whole state atomically, bumps the serial and empties the journal. */
  save(): Promise<void>;
  /** Waits for pending journal writes and releases the lock. */
  close(): Promise<void>;
}

export async function openState(given: string, options: OpenStateOptions): Promise<StateStore> {
  // A symlinked state file is written through to its target, with the lock and journal beside it.
  const path = await resolveLink(given);
  const journalPath = `${path}.journal`;
  let lock: HeldLock | undefined;
  const notices: string[] = [];
  if (options.lock) {
    lock = await acquireLock(`${path}.lock`, {
      timeoutMs: options.lockTimeoutMs ?? 0,
      what: `state ${path}`,
      ...(options.command ? { command: options.command } : {}),
    });
    if (lock.notice) notices.push(lock.notice);
    for (const temp of await removeLeftoverTemps(path))
      notices.push(`removed ${temp}, left by an interrupted save`);
  }
  try {
    // The journal is read before the state file: a concurrent save can only make the file newer than the
    // journal we saw, and lines already folded into it are skipped by serial.
    const journal = await readJournal(journalPath);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new StateError(`cannot read ${path}: ${error.message}`);
    });
    const decoded =
      text !== undefined
        ? decodeState(path, text)
        : {
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
        const identity = identityKey(line.entry.inbox, line.entry.source_id);
        decoded.entries.set(identity, { identity, ...line.entry, inbox: line.entry.inbox.toLowerCase() });
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
      journalPath,
      exists: text !== undefined || journal.lines.length > 0,
      decoded,
      notices,
      lock,
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
    await lock?.release();
    throw error;
  }
}

/** The file a symlink points to (also a dangling one); the path as given when it is no symlink. */
async function resolveLink(path: string): Promise<string> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat?.isSymbolicLink()) return path;
  return realpath(path).catch(async () => resolve(dirname(path), await readlink(path)));
}

function createStore(init: {
  path: string;
  journalPath: string;
  exists: boolean;
  decoded: { lineage: string; serial: number; entries: Map<string, StateEntry> };
  notices: string[];
  lock: HeldLock | undefined;
  truncateTo: number | undefined;
}): StateStore {
  const { path, decoded, lock } = init;
  const entries = decoded.entries;
  let serial = decoded.serial;
  let exists = init.exists;
  let closed = false;
  let byAddress: Map<string, StateEntry> | undefined;
  const journal = lock ? new JournalWriter(init.journalPath, init.truncateTo, decoded.serial) : undefined;

  const writable = (what: string): JournalWriter => {
    if (closed) throw new StateError(`cannot ${what}: the state ${path} is closed`);
    if (!journal)
      throw new StateError(`cannot ${what}: the state ${path} was opened read-only (without the lock)`);
    return journal;
  };

  return {
    path,
    get exists() {
      return exists;
    },
    lineage: decoded.lineage,
    get serial() {
      return serial;
    },
    get size() {
      return entries.size;
    },
    notices: init.notices,
    snapshot: () => (exists ? { lineage: decoded.lineage, serial } : null),
    entries: () => entries.values(),
    get: (identity) => entries.get(identity),
    find(key) {
      const direct = entries.get(key);
      if (direct) return direct;
      if (!byAddress) {
        byAddress = new Map();
        for (const entry of entries.values()) byAddress.set(entry.address, entry);
      }
      const hit = byAddress.get(key);
      return hit && entries.get(hit.identity) === hit ? hit : undefined;
    },
    async record(input) {
      const out = writable('record a change');
      const identity = identityKey(input.inbox, input.source_id);
      const now = new Date().toISOString();
      const entry: StateEntry = {
        identity,
        inbox: input.inbox.toLowerCase(),
        source_id: input.source_id,
        address: input.address,
        contact_id: input.contact_id,
        tier: input.tier,
        body: input.body,
        digest: digestBody(input.body),
        created_at: input.created_at ?? entries.get(identity)?.created_at ?? now,
        updated_at: input.updated_at ?? now,
      };
      const line: JournalLine = {
        serial: serial + 1,
        lineage: decoded.lineage,
        op: 'put',
        entry: storedEntry(entry),
      };
      const problem = journalLineProblem(line);
      if (problem)
        throw new StateError(`cannot record ${input.address}: the entry is malformed (${problem})`);
      serial += 1;
      exists = true;
      entries.set(identity, entry);
      byAddress?.set(entry.address, entry);
      await out.append(line);
      return entry;
    },
    async remove(identity) {
      const out = writable('remove a contact');
      const entry = entries.get(identity);
      if (!entry) return false;
      serial += 1;
      entries.delete(identity);
      await out.append({
        serial,
        lineage: decoded.lineage,
        op: 'rm',
        inbox: entry.inbox,
        source_id: entry.source_id,
      });
      return true;
    },
    async save() {
      const out = writable('save');
      await out.drain();
      serial += 1;
      await writeFileAtomic(path, encodeState({ lineage: decoded.lineage, serial, entries }));
      exists = true;
      await out.truncate(serial);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await journal?.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

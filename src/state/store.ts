/**
 * The state backend interface: what every state store offers, whatever keeps it (a local file, a
 * PostgreSQL database). A backend is chosen by the `--state` value (see open-state.ts); the rest of the
 * program sees only these types.
 */
import type { ContactBody } from '../resolve/types.js';
import type { UnchangedEntry } from './compact-entries.js';
import type { LockHolder, StateEntry, StateEntryInput, StateSnapshot } from './types.js';

export interface OpenStateOptions {
  /** Take the exclusive lock (needed to record, remove or commit). */
  lock: boolean;
  /** How long to wait for a held lock; 0 (the default) fails at once. */
  lockTimeoutMs?: number;
  /** Recorded in the lock for whoever finds it held, e.g. "apply". */
  command?: string;
  /**
   * Read-only opens: wait this long for a writer holding the lock to finish before reading; if one still
   * holds it then, the store is read anyway and `lockedBy` names it. Unset: do not look at the lock.
   */
  waitWhileLockedMs?: number;
  /**
   * Read-only opens: keep the entries brief (plan over a million contacts): each is checked when the
   * state is read but decoded in full only when asked for, and `unchanged` answers without decoding.
   * Close the store when done (the file backend reads entries from the file it keeps open).
   */
  compact?: boolean;
}

export interface StateStore {
  /** Where the state lives, fit for messages (never carries a password). */
  readonly location: string;
  /** The workspace (`default` unless chosen). */
  readonly workspace: string;
  /** A state exists (false for a brand-new state). */
  readonly exists: boolean;
  readonly lineage: string;
  readonly serial: number;
  readonly size: number;
  /** Things worth telling the user: a stale lock taken over, a torn journal line dropped. */
  readonly notices: readonly string[];
  /** Read-only opens with `waitWhileLockedMs`: the writer that held the lock when the state was read. */
  readonly lockedBy: LockHolder | undefined;
  /** Writers: why the lock was lost mid-run (its connection went away), else undefined. */
  lockLost(): string | undefined;
  /** `{lineage, serial}`, or null for a state that does not exist yet. */
  snapshot(): StateSnapshot | null;
  entries(): IterableIterator<StateEntry>;
  /** The identity keys of the entries (nothing decoded). */
  identities(): IterableIterator<string>;
  get(identity: string): StateEntry | undefined;
  /**
   * Compact stores: the contact id and tier of the entry of `identity` when its last applied body is
   * exactly `body`, without decoding the entry; null when there is no entry; undefined when it cannot
   * tell without decoding (then `get` it and compare).
   */
  unchanged?(identity: string, body: ContactBody): UnchangedEntry | null | undefined;
  /** By address (as last applied) or by identity key `<inbox uuid>/<source_id>`. */
  find(addressOrIdentity: string): StateEntry | undefined;
  /** Records one applied change (durable when the promise resolves). */
  record(input: StateEntryInput): Promise<StateEntry>;
  /** Forgets a contact (durable when the promise resolves); false when it was not there. */
  remove(identity: string): Promise<boolean>;
  /**
   * Replaces this state with a copy of another (`state migrate`): its lineage, serial and entries, in
   * one durable step.
   */
  copyFrom(source: StateCopy): Promise<void>;
  /** Ends a run of changes: the file backend folds its journal into a new state file. */
  commit(): Promise<void>;
  /** Waits for pending writes and releases the lock. */
  close(): Promise<void>;
}

export interface ForcedUnlock {
  holder: LockHolder;
  /** What freeing it took, e.g. "removed the lock file". */
  action: string;
}

export interface StateCopy {
  lineage: string;
  serial: number;
  entries: Iterable<StateEntry>;
}

/** One place states live: a file path or a database, holding one or more workspaces. */
export interface StateBackend {
  /** Where, fit for messages (no password). */
  readonly location: string;
  open(workspace: string, options: OpenStateOptions): Promise<StateStore>;
  /** The workspaces that hold a state, sorted. */
  workspaces(): Promise<string[]>;
  /**
   * Frees a lock whose holder no longer runs (or is lost), if its id is `id`: who held it, and what was
   * done to free it.
   */
  forceUnlock(workspace: string, id: string): Promise<ForcedUnlock>;
  /** Releases what the backend holds (connections); stores opened from it close on their own. */
  close(): Promise<void>;
}

export const DEFAULT_WORKSPACE = 'default';

/** Workspace names: letters, digits, `-` and `_`, starting with a letter or digit, at most 63. */
export const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export function describeHolder(holder: LockHolder): string {
  const who = holder.who ? `${holder.who} ` : '';
  return `${who}pid ${holder.pid} on ${holder.host} since ${holder.since}${holder.command ? ` (${holder.command})` : ''}`;
}

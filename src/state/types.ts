/** The state store's data: one entry per managed contact (PRODUCT.md §5). */
import type { ContactBody } from '../resolve/types.js';

export const STATE_VERSION = 1;

export interface StateEntry {
  /** `identityKey(inbox, source_id)`. */
  identity: string;
  /** Inbox UUID, lower-case. */
  inbox: string;
  source_id: string;
  /** `<inbox alias>/<source_id>` when last applied (display only). */
  address: string;
  /** The id MaiAgent gave the contact. */
  contact_id: string;
  /** The tier when last applied; null for none (or after a revoke). */
  tier: string | null;
  /** The last request body applied. Its query_metadata may be shared with other entries: read-only. */
  body: ContactBody;
  /** `digestBody(body)`. */
  digest: string;
  created_at: string;
  updated_at: string;
}

/**
 * What a caller records after a change landed: identity and digest are derived; `created_at` comes from
 * the API when it says, else is kept from the existing entry, or now; `updated_at` from the API, else now.
 */
export type StateEntryInput = Omit<StateEntry, 'identity' | 'digest' | 'created_at' | 'updated_at'> &
  Partial<Pick<StateEntry, 'created_at' | 'updated_at'>>;

export interface StateSnapshot {
  lineage: string;
  serial: number;
}

export interface LockHolder {
  /** Names this lock for `state unlock` (absent in locks written by older versions). */
  id?: string;
  /** The user that took the lock (PostgreSQL backend). */
  who?: string;
  pid: number;
  host: string;
  command?: string;
  /** ISO 8601. */
  since: string;
  /** The holder's process start time (clock ticks since boot), where /proc tells it: detects pid reuse. */
  start?: string;
}

/** The entry as written to disk (identity is derived on load). */
export type StoredEntry = Omit<StateEntry, 'identity'>;

export type JournalLine =
  | { serial: number; lineage: string; op: 'put'; entry: StoredEntry }
  | { serial: number; lineage: string; op: 'rm'; inbox: string; source_id: string };

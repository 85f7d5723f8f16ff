/**
 * The in-memory entries of a loaded state, shared by the backends: lookup by identity or by address, and
 * how an applied change becomes an entry.
 */
import { digestBody } from '../resolve/canonical-body.js';
import { StateError } from '../errors.js';
import { identityKey } from '../resolve/identity.js';
import { journalLineProblem } from './state-schema.js';
import type { QueryMetadata } from '../resolve/types.js';
import type { StateEntry, StateEntryInput, StoredEntry } from './types.js';

export class EntryIndex {
  private byAddress: Map<string, StateEntry> | undefined;

  constructor(readonly entries: Map<string, StateEntry> = new Map()) {}

  get size(): number {
    return this.entries.size;
  }

  get(identity: string): StateEntry | undefined {
    return this.entries.get(identity);
  }

  find(key: string): StateEntry | undefined {
    const direct = this.entries.get(key);
    if (direct) return direct;
    if (!this.byAddress) {
      this.byAddress = new Map();
      for (const entry of this.entries.values()) this.byAddress.set(entry.address, entry);
    }
    const hit = this.byAddress.get(key);
    return hit && this.entries.get(hit.identity) === hit ? hit : undefined;
  }

  set(entry: StateEntry): void {
    this.entries.set(entry.identity, entry);
    this.byAddress?.set(entry.address, entry);
  }

  delete(identity: string): void {
    this.entries.delete(identity);
  }

  values(): IterableIterator<StateEntry> {
    return this.entries.values();
  }

  identities(): IterableIterator<string> {
    return this.entries.keys();
  }
}

/** The entry an applied change becomes: identity and digest derived, created_at kept from `existing`. */
export function entryFromInput(input: StateEntryInput, existing: StateEntry | undefined): StateEntry {
  const now = new Date().toISOString();
  return {
    identity: identityKey(input.inbox, input.source_id),
    inbox: input.inbox.toLowerCase(),
    source_id: input.source_id,
    address: input.address,
    contact_id: input.contact_id,
    tier: input.tier,
    body: input.body,
    digest: digestBody(input.body),
    created_at: input.created_at ?? existing?.created_at ?? now,
    updated_at: input.updated_at ?? now,
  };
}

/** The stored form of an entry: its fields in a fixed order, without the derived identity. */
export function storedEntry(
  entry: StateEntry,
  queryMetadata: unknown = entry.body.query_metadata,
): StoredEntry {
  return {
    inbox: entry.inbox,
    source_id: entry.source_id,
    address: entry.address,
    contact_id: entry.contact_id,
    tier: entry.tier,
    body: { ...entry.body, query_metadata: queryMetadata as QueryMetadata },
    digest: entry.digest,
    created_at: entry.created_at,
    updated_at: entry.updated_at,
  };
}

/** An entry from its stored form (the inverse of storedEntry): identity derived, inbox lower-cased. */
export function entryOf(stored: StoredEntry): StateEntry {
  const identity = identityKey(stored.inbox, stored.source_id);
  return {
    identity,
    inbox: stored.inbox.toLowerCase(),
    source_id: stored.source_id,
    address: stored.address,
    contact_id: stored.contact_id,
    tier: stored.tier,
    body: stored.body,
    digest: stored.digest,
    created_at: stored.created_at,
    updated_at: stored.updated_at,
  };
}

/** Throws when an entry is malformed (the state file's schema), before anything is written. */
export function checkEntry(entry: StateEntry, lineage: string, serial: number): void {
  const problem = journalLineProblem({ serial, lineage, op: 'put', entry: storedEntry(entry) });
  if (problem) throw new StateError(`cannot record ${entry.address}: the entry is malformed (${problem})`);
}

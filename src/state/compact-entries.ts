/**
 * The entries of a read-only state kept small, for plan over a million contacts. An entry whose stored
 * form is the common one (no avatar, one inbox, the identity's own inbox and source_id in its body, a
 * pooled query_metadata: what apply records for a roster contact) is kept as a `BriefEntry`: what plan
 * needs to see that a contact is unchanged (contact id, tier, name, query_metadata) and how to read the
 * whole entry again. It is decoded in full, checked and kept, only when someone asks for it (get,
 * entries, find). Every entry was checked when the state was read; only its decoding waits.
 */
import type { ContactBody, QueryMetadata } from '../resolve/types.js';
import type { StateEntry } from './types.js';

/** An entry known from its stored line: enough for plan's no-op test, and where to decode the rest. */
export class BriefEntry {
  constructor(
    readonly contact_id: string,
    readonly tier: string | null,
    /** The body's name. */
    readonly name: string,
    /** The body's query_metadata: the pool's object. */
    readonly queryMetadata: QueryMetadata,
    /** Where the entry is stored (for the backend that decodes it; a byte offset in the state file). */
    readonly at: number,
    /** How long the stored entry is (bytes of its line). */
    readonly length: number,
    /** Its place in the state (`contacts[index]`), for messages. */
    readonly index: number,
  ) {}
}

/** What plan learns of an unchanged entry without decoding it. */
export interface UnchangedEntry {
  readonly contact_id: string;
  readonly tier: string | null;
}

const exactJson = new WeakMap<object, string>();

/** JSON.stringify of a query_metadata object, once per object (they are frozen and shared). */
function jsonOf(qm: QueryMetadata): string {
  let json = exactJson.get(qm);
  if (json === undefined) {
    json = JSON.stringify(qm);
    exactJson.set(qm, json);
  }
  return json;
}

export class CompactEntries {
  private readonly map = new Map<string, BriefEntry | StateEntry>();
  private byAddress: Map<string, StateEntry> | undefined;

  /** `decode` reads a brief entry in full (throws a StateError naming the file when it cannot). */
  constructor(private readonly decode: (identity: string, brief: BriefEntry) => StateEntry) {}

  get size(): number {
    return this.map.size;
  }

  /** While reading: false when `identity` is there already. */
  add(identity: string, entry: BriefEntry | StateEntry): boolean {
    const count = this.map.size;
    this.map.set(identity, entry);
    return this.map.size !== count;
  }

  get(identity: string): StateEntry | undefined {
    const entry = this.map.get(identity);
    if (!(entry instanceof BriefEntry)) return entry;
    const full = this.decode(identity, entry);
    this.map.set(identity, full);
    return full;
  }

  /**
   * The contact id and tier of the entry of `identity` when its last applied body is `body` as it
   * stands (the same JSON: name, source_id, inbox, query_metadata, no avatar), without decoding it; null
   * when the state has no such entry; undefined when this cannot tell (then `get` and compare).
   */
  unchanged(identity: string, body: ContactBody): UnchangedEntry | null | undefined {
    const entry = this.map.get(identity);
    if (entry === undefined) return null;
    if (!(entry instanceof BriefEntry)) return undefined;
    const inbox = body.inbox;
    if (
      body.name !== entry.name ||
      body.avatar !== undefined ||
      body.inboxes !== undefined ||
      inbox === undefined ||
      // a brief entry's body holds its identity's own inbox (lower-case) and source_id
      identity.length !== inbox.length + 1 + body.source_id.length ||
      identity.indexOf('/') !== inbox.length ||
      !identity.startsWith(inbox) ||
      !identity.endsWith(body.source_id)
    ) {
      return undefined;
    }
    const qm = body.query_metadata;
    if (qm !== entry.queryMetadata && jsonOf(qm) !== jsonOf(entry.queryMetadata)) return undefined;
    return entry;
  }

  /** By identity, or by address (as last applied). */
  find(key: string): StateEntry | undefined {
    const direct = this.get(key);
    if (direct) return direct;
    if (!this.byAddress) {
      this.byAddress = new Map();
      for (const entry of this.values()) this.byAddress.set(entry.address, entry);
    }
    const hit = this.byAddress.get(key);
    return hit && this.map.get(hit.identity) === hit ? hit : undefined;
  }

  set(entry: StateEntry): void {
    this.map.set(entry.identity, entry);
    this.byAddress?.set(entry.address, entry);
  }

  delete(identity: string): void {
    this.map.delete(identity);
  }

  identities(): IterableIterator<string> {
    return this.map.keys();
  }

  *values(): IterableIterator<StateEntry> {
    for (const identity of this.map.keys()) yield this.get(identity) as StateEntry;
  }
}

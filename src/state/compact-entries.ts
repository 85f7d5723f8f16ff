/**
 * The entries of a read-only state kept small, for plan over a million contacts. An entry whose stored
 * form is the common one (no avatar, one inbox, the identity's own inbox and source_id in its body, a
 * pooled query_metadata: what apply records for a roster contact) is kept as a `BriefEntry`: what plan
 * needs to see that a contact is unchanged (contact id, tier, name, query_metadata) and how to read the
 * whole entry again. It is decoded in full, checked and kept, only when someone asks for it (get,
 * entries, find). Every entry was checked when the state was read; only its decoding waits.
 *
 * Entries are kept in the state's order. A state file lists them sorted by identity (encodeState), so
 * as long as they stay in that order an entry is found by inbox and source_id without a hash table:
 * plan's pass over a roster exported in the same order finds each contact's entry right after the
 * previous one's (a cursor per inbox), anything else by binary search. Only when the entries are not
 * in order (a hand-made file, a journal folded in) is a table of identities built, once.
 */
import type { ContactBody, QueryMetadata } from '../resolve/types.js';
import type { StateEntry } from './types.js';

/** An entry known from its stored line: enough for plan's no-op test, and where to decode the rest. */
export class BriefEntry {
  constructor(
    /** Lower-case (shared by the entries of the inbox). */
    readonly inbox: string,
    readonly source_id: string,
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

/**
 * One pass of plan over the declared contacts (StateStore.join): each declared contact is matched with
 * its entry, and the entries no contact matched are left over (removed from the config).
 */
export interface StateJoin {
  /**
   * Matches the contact `identity` (whose desired body is `body`) with its entry: `absent` when the
   * state has none, `twice` when a contact of this identity was declared before in this pass; the
   * entry's contact id and tier when its last applied body is exactly `body` (a no-op, nothing decoded);
   * `known` otherwise (then `get` it and compare).
   */
  declare(identity: string, body: ContactBody): UnchangedEntry | 'absent' | 'twice' | 'known';
  /** The identities of the entries no `declare` matched. */
  undeclared(): IterableIterator<string>;
}

type Slot = BriefEntry | StateEntry;

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

const identityOf = (slot: Slot): string =>
  slot instanceof BriefEntry ? `${slot.inbox}/${slot.source_id}` : slot.identity;

/** True when `identity` is `inbox/sourceId` (so a brief entry of that inbox and source_id is its). */
function composes(identity: string, inbox: string, sourceId: string): boolean {
  return (
    identity.length === inbox.length + 1 + sourceId.length &&
    identity.charCodeAt(inbox.length) === 47 && // '/'
    identity.startsWith(inbox) &&
    identity.endsWith(sourceId)
  );
}

/** The body a brief entry stands for is exactly `body` (its identity composed of body's inbox and source_id). */
function sameBody(entry: BriefEntry, body: ContactBody): boolean {
  return (
    body.name === entry.name &&
    body.avatar === undefined &&
    body.inboxes === undefined &&
    body.inbox === entry.inbox &&
    body.source_id === entry.source_id &&
    (body.query_metadata === entry.queryMetadata ||
      jsonOf(body.query_metadata) === jsonOf(entry.queryMetadata))
  );
}

export class CompactEntries {
  /** In the state's order; undefined where an entry was removed. */
  private readonly list: (Slot | undefined)[] = [];
  private count = 0;
  /** The list is sorted by (inbox, source_id), without holes; `runs` spans each inbox's entries. */
  private ordered = true;
  private readonly runs = new Map<string, { start: number; end: number }>();
  /** Identity -> place, once the list is not in order (or a lookup needs it otherwise). */
  private positions: Map<string, number> | undefined;
  /** The last place a join found, by identity (plan's get after its declare). */
  private recent: { identity: string; at: number } | undefined;

  /** `decode` reads a brief entry in full (throws a StateError naming the file when it cannot). */
  constructor(private readonly decode: (identity: string, brief: BriefEntry) => StateEntry) {}

  get size(): number {
    return this.count;
  }

  /** While reading, in the state's order: false when the identity is there already. */
  add(slot: Slot): boolean {
    const at = this.list.length;
    if (this.ordered) {
      const last = this.list[at - 1];
      const run = this.runs.get(slot.inbox);
      if (last === undefined || slot.inbox > last.inbox) {
        if (!run) {
          this.runs.set(slot.inbox, { start: at, end: at + 1 });
          return this.push(slot);
        }
      } else if (slot.inbox === last.inbox && slot.source_id > last.source_id && run) {
        run.end = at + 1;
        return this.push(slot);
      }
      this.disorder();
    }
    const identity = identityOf(slot);
    const positions = this.table();
    if (positions.has(identity)) return false;
    positions.set(identity, at);
    return this.push(slot);
  }

  private push(slot: Slot): true {
    this.list.push(slot);
    this.count += 1;
    return true;
  }

  /** From now on, places are found by identity. */
  private disorder(): void {
    this.table();
    this.ordered = false;
  }

  private table(): Map<string, number> {
    if (!this.positions) {
      this.positions = new Map();
      this.list.forEach((slot, at) => {
        if (slot) (this.positions as Map<string, number>).set(identityOf(slot), at);
      });
    }
    return this.positions;
  }

  /** The place of the entry of `identity` (`inbox/sourceId`, when known to be so), or undefined. */
  private place(
    identity: string,
    inbox: string,
    sourceId: string,
    cursors?: Map<string, number>,
  ): number | undefined {
    if (!this.ordered) return this.table().get(identity);
    const run = this.runs.get(inbox);
    if (!run) return undefined;
    const list = this.list as Slot[];
    const next = cursors?.get(inbox) ?? run.start;
    let at: number | undefined;
    if (next < run.end && list[next]?.source_id === sourceId) at = next;
    else {
      let low = run.start;
      let high = run.end;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((list[mid] as Slot).source_id < sourceId) low = mid + 1;
        else high = mid;
      }
      if (low < run.end && (list[low] as Slot).source_id === sourceId) at = low;
    }
    if (at !== undefined) cursors?.set(inbox, at + 1);
    return at;
  }

  private placeOf(identity: string): number | undefined {
    if (this.recent?.identity === identity) return this.recent.at;
    if (!this.ordered) return this.table().get(identity);
    const slash = identity.indexOf('/');
    return this.place(identity, identity.slice(0, slash), identity.slice(slash + 1));
  }

  /** The entry at `at`, decoded (and kept so) if it was brief. */
  private full(identity: string, at: number): StateEntry | undefined {
    const slot = this.list[at];
    if (!(slot instanceof BriefEntry)) return slot;
    const entry = this.decode(identity, slot);
    this.list[at] = entry;
    return entry;
  }

  get(identity: string): StateEntry | undefined {
    const at = this.placeOf(identity);
    return at === undefined ? undefined : this.full(identity, at);
  }

  join(): StateJoin {
    const declared = new Uint8Array(this.list.length);
    const cursors = new Map<string, number>();
    const list = this.list;
    return {
      declare: (identity, body) => {
        const inbox = body.inbox;
        const known = inbox !== undefined && composes(identity, inbox, body.source_id);
        const at = known ? this.place(identity, inbox, body.source_id, cursors) : this.placeOf(identity);
        if (at === undefined) return 'absent';
        if (at >= declared.length) throw new Error('the state changed during a join');
        if (declared[at]) return 'twice';
        declared[at] = 1;
        this.recent = { identity, at };
        const slot = list[at];
        return known && slot instanceof BriefEntry && sameBody(slot, body) ? slot : 'known';
      },
      *undeclared() {
        for (let at = 0; at < list.length; at++) {
          const slot = list[at];
          if (slot && !declared[at]) yield identityOf(slot);
        }
      },
    };
  }

  /** By identity, or by address (as last applied; the last entry of that address). */
  find(key: string): StateEntry | undefined {
    const direct = this.get(key);
    if (direct) return direct;
    let hit: StateEntry | undefined;
    for (const entry of this.values()) if (entry.address === key) hit = entry;
    return hit;
  }

  /** Replaces or adds a whole entry (the journal, folded in). */
  set(entry: StateEntry): void {
    const at = this.placeOf(entry.identity);
    if (at !== undefined) {
      this.list[at] = entry;
      return;
    }
    this.disorder();
    this.table().set(entry.identity, this.list.length);
    this.push(entry);
  }

  delete(identity: string): void {
    const at = this.placeOf(identity);
    if (at === undefined) return;
    this.disorder();
    this.table().delete(identity);
    this.list[at] = undefined;
    this.count -= 1;
    if (this.recent?.at === at) this.recent = undefined;
  }

  *identities(): IterableIterator<string> {
    for (const slot of this.list) if (slot) yield identityOf(slot);
  }

  *values(): IterableIterator<StateEntry> {
    for (let at = 0; at < this.list.length; at++) {
      const slot = this.list[at];
      if (slot) yield this.full(identityOf(slot), at) as StateEntry;
    }
  }
}

/**
 * The entries of a read-only state kept small, for plan over a million contacts. An entry whose stored
 * form is the common one (no avatar, one inbox, the identity's own inbox and source_id in its body, a
 * pooled query_metadata: what apply records for a roster contact) is kept brief: what plan needs to see
 * that a contact is unchanged (contact id, tier, name, query_metadata) and where its line is. It is
 * decoded in full, checked and kept, only when someone asks for it (get, entries, find). Every entry was
 * checked when the state was read; only its decoding waits.
 *
 * Brief entries are columns, not objects: the source ids, contact ids and names of all entries are
 * three strings with the end of each entry's part, tiers and query_metadata are indexes into small
 * tables. A million entries are a few dozen objects for the garbage collector, not millions.
 *
 * Entries are kept in the state's order. A state file lists them sorted by identity (encodeState), so
 * as long as they stay in that order an entry is found by inbox and source_id without a hash table:
 * plan's pass over a roster exported in the same order finds each contact's entry right after the
 * previous one's (a cursor per inbox), anything else by binary search. Only when the entries are not
 * in order (a hand-made file, a journal folded in) is a table of identities built, once.
 */
import type { ContactBody, QueryMetadata } from '../resolve/types.js';
import type { StateEntry } from './types.js';

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
   * Matches a declared contact (and its desired body) with its entry: `absent` when the
   * state has none, `twice` when a contact of this identity was declared before in this pass; the
   * entry's contact id and tier when its last applied body is exactly `body` (a no-op, nothing decoded;
   * the answer holds until the next `declare`); `known` otherwise (then `get` it and compare).
   */
  declare(contact: DeclaredContact): UnchangedEntry | 'absent' | 'twice' | 'known';
  /** The identities of the entries no `declare` matched. */
  undeclared(): IterableIterator<string>;
}

/** A declared contact as the join reads it (a ResolvedContact is one). */
export interface DeclaredContact {
  /** `identityKey(inboxId, sourceId)`. */
  readonly identity: string;
  readonly inboxId: string;
  readonly sourceId: string;
  readonly body: ContactBody;
}

/**
 * CompactEntries as a worker thread hands them over (see `columns`). A column of numbers, one a place, is
 * a typed array: cloned (or transferred, `transferables`) as one block of memory, where an array of a
 * million numbers costs some 40 ms to write and 40 ms to read back.
 */
export interface CompactColumns {
  sources: ColumnData;
  contactIds: ColumnData;
  names: ColumnData;
  inbox: Int32Array;
  inboxes: string[];
  tier: Int32Array;
  tiers: string[];
  queryMetadata: Int32Array;
  /** The index, in the state file's pool, of each query_metadata. */
  pool: number[];
  /** Byte offsets (a state file may be larger than 2 GiB). */
  at: Float64Array;
  length: Int32Array;
  full: [number, StateEntry][];
  removed: number[];
  places: number;
  count: number;
  ordered: boolean;
  runs: [string, { start: number; end: number }][];
}

/** What is known of a brief entry, for its backend to decode it in full. */
export interface BriefFields {
  identity: string;
  inbox: string;
  source_id: string;
  contact_id: string;
  tier: string | null;
  name: string;
  queryMetadata: QueryMetadata;
  /** Where its backend keeps it (the file backend: the line's byte offset and length). */
  at: number;
  length: number;
  /** Its place: the order it was read in (contacts[index] of a state file). */
  index: number;
}

/** Reads a brief entry in full (throws a StateError naming the state when it cannot). */
export type DecodeEntry = (brief: BriefFields) => StateEntry;

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

/** One column of strings: the parts of each batch of lines joined into one string, appended. */
export class TextColumn {
  text = '';
  /** The end of each place's part in `text`. */
  ends: number[] = [];
  private parts: string[] = [];
  private length = 0;

  /** A column as `data` (of another's `data()`, from a worker thread) holds it. */
  static of(data: ColumnData): TextColumn {
    const column = new TextColumn();
    column.text = data.text;
    column.ends = asColumn(data.ends);
    column.length = data.text.length;
    return column;
  }

  data(): ColumnData {
    this.flush();
    return { text: this.text, ends: Int32Array.from(this.ends) };
  }

  push(part: string): void {
    this.parts.push(part);
    this.length += part.length;
    this.ends.push(this.length);
  }

  /** The parts so far become text of its own (they are slices of the text being read). */
  flush(): void {
    if (this.parts.length === 0) return;
    this.text += this.parts.join('');
    this.parts = [];
  }

  start(at: number): number {
    return at === 0 ? 0 : (this.ends[at - 1] as number);
  }

  at(at: number): string {
    return this.text.slice(this.start(at), this.ends[at]);
  }

  is(at: number, value: string): boolean {
    const start = this.start(at);
    return (this.ends[at] as number) - start === value.length && this.text.startsWith(value, start);
  }

  /** Negative, zero or positive as the part at `at` sorts before, as or after `value` (code units). */
  compare(at: number, value: string): number {
    const start = this.start(at);
    const end = this.ends[at] as number;
    const n = Math.min(end - start, value.length);
    for (let i = 0; i < n; i++) {
      const d = this.text.charCodeAt(start + i) - value.charCodeAt(i);
      if (d !== 0) return d;
    }
    return end - start - value.length;
  }
}

/** A column's text and the end of each part in it. */
export interface ColumnData {
  text: string;
  ends: Int32Array;
}

/** The memory of the typed arrays of `columns`, for postMessage to move rather than copy. */
export function transferables(...columns: (CompactColumns | ColumnData)[]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const c of columns) {
    const arrays =
      'ends' in c
        ? [c.ends]
        : [c.sources.ends, c.contactIds.ends, c.names.ends, c.inbox, c.tier, c.queryMetadata, c.at, c.length];
    for (const a of arrays) buffers.push(a.buffer as ArrayBuffer);
  }
  return buffers;
}

/**
 * A typed array handed over, kept as the column it was: once read, a place's numbers are only read and
 * overwritten (set, delete), never pushed, so the typed array stands in for the array.
 */
const asColumn = (array: Int32Array | Float64Array): number[] => array as unknown as number[];

/** A table of the few distinct values of a column (inboxes, tiers, query_metadata), by index. */
class Values<T> {
  readonly list: T[] = [];
  private readonly index = new Map<T, number>();
  private last: T | undefined;
  private lastIndex = -1;

  static of<T>(list: readonly T[]): Values<T> {
    const values = new Values<T>();
    for (const value of list) values.of(value);
    return values;
  }

  /** The index of `value` (kept as `copy` makes it, the first time). */
  of(value: T, copy: (value: T) => T = (v) => v): number {
    if (value === this.last) return this.lastIndex;
    let i: number | undefined;
    const list = this.list;
    // A handful of values (tiers, inboxes): compared in turn, which costs less than hashing them.
    if (list.length <= 8) {
      for (let k = 0; k < list.length; k++) if (list[k] === value) i = k;
    } else i = this.index.get(value);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(copy(value));
      this.index.set(this.list[i] as T, i);
    }
    this.last = this.list[i];
    this.lastIndex = i;
    return i;
  }
}

export class CompactEntries {
  private sources = new TextColumn();
  private contactIds = new TextColumn();
  private names = new TextColumn();
  private inbox: number[] = [];
  private inboxes = new Values<string>();
  /** Tier index + 1; 0 for null. */
  private tier: number[] = [];
  private tiers = new Values<string>();
  /** Query_metadata index; -1 for an entry that is not brief. */
  private queryMetadata: number[] = [];
  private pool = new Values<QueryMetadata>();
  private at: number[] = [];
  private length: number[] = [];
  /** Entries known in full: not brief ones, decoded ones, and the journal's. */
  private full = new Map<number, StateEntry>();
  /** Places whose entry was removed. */
  private readonly removed = new Set<number>();
  /** Places after the state file's entries (the journal's new entries). */
  private places = 0;
  private count = 0;
  /** The places are sorted by (inbox, source_id), none removed; `runs` spans each inbox's places. */
  private ordered = true;
  private runs = new Map<string, { start: number; end: number }>();
  /** Identity -> place, once the places are not in order. */
  private positions: Map<string, number> | undefined;
  /** The last place a join found, by identity (plan's get after its declare). */
  private recentIdentity: string | undefined;
  private recentAt = -1;
  private readonly answer = { contact_id: '', tier: null as string | null };

  /** `decode` reads a brief entry in full (throws a StateError naming the file when it cannot). */
  constructor(private readonly decode: DecodeEntry) {}

  /**
   * What a worker thread hands over of the entries it read (structured-cloneable): the query_metadata
   * by `poolIndex`, the entries known in full as they are.
   */
  columns(poolIndex: (qm: QueryMetadata) => number): CompactColumns {
    return {
      sources: this.sources.data(),
      contactIds: this.contactIds.data(),
      names: this.names.data(),
      inbox: Int32Array.from(this.inbox),
      inboxes: this.inboxes.list,
      tier: Int32Array.from(this.tier),
      tiers: this.tiers.list,
      queryMetadata: Int32Array.from(this.queryMetadata),
      pool: this.pool.list.map(poolIndex),
      at: Float64Array.from(this.at),
      length: Int32Array.from(this.length),
      full: [...this.full],
      removed: [...this.removed],
      places: this.places,
      count: this.count,
      ordered: this.ordered,
      runs: [...this.runs],
    };
  }

  /** The entries a worker thread read (`columns`), their query_metadata `pool[i]` again. */
  static fromColumns(
    columns: CompactColumns,
    pool: (index: number) => QueryMetadata,
    full: (at: number, entry: StateEntry) => StateEntry,
    decode: DecodeEntry,
  ): CompactEntries {
    const entries = new CompactEntries(decode);
    entries.sources = TextColumn.of(columns.sources);
    entries.contactIds = TextColumn.of(columns.contactIds);
    entries.names = TextColumn.of(columns.names);
    entries.inbox = asColumn(columns.inbox);
    entries.inboxes = Values.of(columns.inboxes);
    entries.tier = asColumn(columns.tier);
    entries.tiers = Values.of(columns.tiers);
    entries.queryMetadata = asColumn(columns.queryMetadata);
    entries.pool = Values.of(columns.pool.map(pool));
    entries.at = asColumn(columns.at);
    entries.length = asColumn(columns.length);
    entries.full = new Map(columns.full.map(([at, entry]) => [at, full(at, entry)]));
    for (const at of columns.removed) entries.removed.add(at);
    entries.places = columns.places;
    entries.count = columns.count;
    entries.ordered = columns.ordered;
    entries.runs = new Map(columns.runs);
    if (!entries.ordered) entries.table();
    return entries;
  }

  get size(): number {
    return this.count;
  }

  /**
   * While reading, in the state's order: a brief entry (its parts may be slices of the text being
   * read; `flush` after each batch of lines). False when the identity is there already.
   */
  addBrief(
    inbox: string,
    sourceId: string,
    contactId: string,
    tier: string | null,
    name: string,
    queryMetadata: QueryMetadata,
    at: number,
    length: number,
  ): boolean {
    if (!this.add(inbox, sourceId)) return false;
    this.contactIds.push(contactId);
    this.names.push(name);
    this.tier.push(tier === null ? 0 : this.tiers.of(tier, copyOf) + 1);
    this.queryMetadata.push(this.pool.of(queryMetadata));
    this.at.push(at);
    this.length.push(length);
    return true;
  }

  /** While reading: an entry that is not brief. False when the identity is there already. */
  addFull(entry: StateEntry): boolean {
    const at = this.places;
    // Its place by its identity's inbox (lower-case), whatever case the entry spells it in.
    if (!this.add(entry.identity.slice(0, entry.identity.indexOf('/')), entry.source_id)) return false;
    this.contactIds.push('');
    this.names.push('');
    this.tier.push(0);
    this.queryMetadata.push(-1);
    this.at.push(-1);
    this.length.push(0);
    this.full.set(at, entry);
    return true;
  }

  /** While reading: the previous place's source_id (the column's text is not joined yet). */
  private lastSourceId = '';

  /** A new place for the identity `inbox/sourceId` (its other columns follow); false when it has one. */
  private add(inbox: string, sourceId: string): boolean {
    const at = this.places;
    const inboxIndex = this.inboxes.of(inbox, copyOf);
    if (this.ordered) {
      const kept = this.inboxes.list[inboxIndex] as string;
      let next = false;
      if (at === 0 || inboxIndex !== this.inbox[at - 1]) {
        next =
          !this.runs.has(kept) &&
          (at === 0 || kept > (this.inboxes.list[this.inbox[at - 1] as number] as string));
        if (next) this.runs.set(kept, { start: at, end: at + 1 });
      } else if (this.lastSourceId < sourceId) {
        (this.runs.get(kept) as { end: number }).end = at + 1;
        next = true;
      }
      if (!next) this.disorder();
    }
    if (!this.ordered) {
      const identity = copyOf(`${this.inboxes.list[inboxIndex] as string}/${sourceId}`);
      const positions = this.table();
      if (positions.has(identity)) return false;
      positions.set(identity, at);
    }
    this.lastSourceId = sourceId;
    this.sources.push(sourceId);
    this.inbox.push(inboxIndex);
    this.places += 1;
    this.count += 1;
    return true;
  }

  /** After each batch of lines read (and once all are). */
  flush(): void {
    this.sources.flush();
    this.contactIds.flush();
    this.names.flush();
  }

  private identityAt(at: number): string {
    return (
      this.full.get(at)?.identity ??
      `${this.inboxes.list[this.inbox[at] as number] as string}/${this.sources.at(at)}`
    );
  }

  /** From now on, places are found by identity. */
  private disorder(): void {
    this.table();
    this.ordered = false;
  }

  private table(): Map<string, number> {
    if (!this.positions) {
      this.sources.flush();
      const positions = new Map<string, number>();
      for (let at = 0; at < this.places; at++)
        if (!this.removed.has(at)) positions.set(this.identityAt(at), at);
      this.positions = positions;
    }
    return this.positions;
  }

  /** The place of the entry of `identity` (which is `inbox/sourceId`), or undefined. */
  private place(
    identity: string,
    inbox: string,
    sourceId: string,
    cursors?: Map<string, number>,
  ): number | undefined {
    if (!this.ordered) return this.table().get(identity);
    const run = this.runs.get(inbox);
    if (!run) return undefined;
    const sources = this.sources;
    const next = cursors?.get(inbox) ?? run.start;
    let at: number | undefined;
    if (next < run.end && sources.is(next, sourceId)) at = next;
    else {
      let low = run.start;
      let high = run.end;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (sources.compare(mid, sourceId) < 0) low = mid + 1;
        else high = mid;
      }
      if (low < run.end && sources.is(low, sourceId)) at = low;
    }
    if (at !== undefined) cursors?.set(inbox, at + 1);
    return at;
  }

  private placeOf(identity: string): number | undefined {
    if (identity === this.recentIdentity) return this.recentAt;
    if (!this.ordered) return this.table().get(identity);
    const slash = identity.indexOf('/');
    return this.place(identity, identity.slice(0, slash), identity.slice(slash + 1));
  }

  /** The entry at `at`, decoded (and kept) if it was brief. */
  private entryAt(identity: string, at: number): StateEntry {
    let entry = this.full.get(at);
    if (!entry) {
      const tier = this.tier[at] as number;
      entry = this.decode({
        identity,
        inbox: this.inboxes.list[this.inbox[at] as number] as string,
        source_id: this.sources.at(at),
        contact_id: this.contactIds.at(at),
        tier: tier === 0 ? null : (this.tiers.list[tier - 1] as string),
        name: this.names.at(at),
        queryMetadata: this.pool.list[this.queryMetadata[at] as number] as QueryMetadata,
        at: this.at[at] as number,
        length: this.length[at] as number,
        index: at,
      });
      this.full.set(at, entry);
    }
    return entry;
  }

  get(identity: string): StateEntry | undefined {
    const at = this.placeOf(identity);
    return at === undefined ? undefined : this.entryAt(identity, at);
  }

  /** The brief entry at `at` (of source_id `sourceId`) stands for exactly `body`. */
  private holds(at: number, sourceId: string, body: ContactBody): boolean {
    const qm = this.queryMetadata[at];
    if (qm === undefined || qm < 0 || body.avatar !== undefined || body.inboxes !== undefined) return false;
    if (body.source_id !== sourceId || !this.names.is(at, body.name)) return false;
    if (body.inbox !== this.inboxes.list[this.inbox[at] as number]) return false;
    const stored = this.pool.list[qm] as QueryMetadata;
    return body.query_metadata === stored || jsonOf(body.query_metadata) === jsonOf(stored);
  }

  join(): StateJoin {
    const declared = new Uint8Array(this.places);
    const cursors = new Map<string, number>();
    const answer = this.answer;
    // The lower-case inbox of the last contact's inbox id (the contacts of one inbox share that string).
    let inboxId: string | undefined;
    let inbox = '';
    return {
      declare: (contact) => {
        const { identity, sourceId } = contact;
        if (contact.inboxId !== inboxId) {
          inboxId = contact.inboxId;
          inbox = inboxId.toLowerCase();
        }
        // The identity is not looked at when the entries are in order: it need not become one string.
        const at = this.ordered ? this.place(identity, inbox, sourceId, cursors) : this.table().get(identity);
        if (at === undefined) return 'absent';
        if (at >= declared.length) throw new Error('the state changed during a join');
        if (declared[at]) return 'twice';
        declared[at] = 1;
        this.recentIdentity = identity;
        this.recentAt = at;
        if (!this.holds(at, sourceId, contact.body)) return 'known';
        const tier = this.tier[at] as number;
        answer.contact_id = this.contactIds.at(at);
        answer.tier = tier === 0 ? null : (this.tiers.list[tier - 1] as string);
        return answer;
      },
      undeclared: () => this.undeclared(declared),
    };
  }

  private *undeclared(declared: Uint8Array): IterableIterator<string> {
    for (let at = 0; at < this.places; at++) {
      if (!declared[at] && !this.removed.has(at)) yield this.identityAt(at);
    }
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
      this.full.set(at, entry);
      this.queryMetadata[at] = -1; // no longer the brief entry read
      return;
    }
    this.disorder();
    this.table().set(entry.identity, this.places);
    this.full.set(this.places, entry);
    this.places += 1;
    this.count += 1;
  }

  delete(identity: string): void {
    const at = this.placeOf(identity);
    if (at === undefined) return;
    this.disorder();
    this.table().delete(identity);
    this.removed.add(at);
    this.full.delete(at);
    this.count -= 1;
    if (this.recentAt === at) this.recentIdentity = undefined;
  }

  *identities(): IterableIterator<string> {
    for (let at = 0; at < this.places; at++) if (!this.removed.has(at)) yield this.identityAt(at);
  }

  *values(): IterableIterator<StateEntry> {
    for (let at = 0; at < this.places; at++) {
      if (!this.removed.has(at)) yield this.entryAt(this.identityAt(at), at);
    }
  }
}

/**
 * A string of its own: a part of a line (a slice of it, for 13 characters or more) would keep the whole
 * piece of text it was read from alive. JSON.parse gives a flat copy: of the text itself in a JSON
 * string when it holds nothing JSON escapes (nearly every inbox and tier), else of its JSON (a tier read
 * from PostgreSQL is any text, control characters too).
 */
function copyOf<T>(value: T): T {
  if (typeof value !== 'string' || value.length < 13) return value;
  return JSON.parse(NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`) as T;
}

/** What a JSON string cannot hold as itself: a quote, a backslash, a control character. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
export const NEEDS_ESCAPE = /["\\\x00-\x1f]/;

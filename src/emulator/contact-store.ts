/**
 * The emulator's contacts, indexed for the benchmark's sizes: by id, by (inbox, source_id) (every live
 * copy: a seed or a fault can make several), and per inbox in creation order, so paging an inbox is
 * O(page). Filtered views (`query`, `search`, several
 * inboxes) are computed once per store version and cached. DELETE is soft: the contact leaves every
 * index but `byId`, and its source_id may be used again.
 */
import type { ContactFilter } from './contact-filter.js';
import { matchesText } from './contact-filter.js';

export interface StoredContact {
  id: string;
  /** Creation order. */
  seq: number;
  inboxIds: string[];
  name: string;
  avatar: string | null;
  sourceId: string;
  email: string | null;
  phoneNumber: string | null;
  /** snake_case, as the API stores it. */
  queryMetadata: Record<string, unknown> | null;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  /** Bumped by every update (the rendered-JSON cache checks it). */
  rev: number;
}

export type ContactFields = Omit<
  StoredContact,
  'id' | 'seq' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'rev'
>;

const key = (inboxId: string, sourceId: string): string => `${inboxId}\n${sourceId}`;

function indexOfSeq(list: readonly StoredContact[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as StoredContact).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertOrdered(list: StoredContact[], contact: StoredContact): void {
  const at = indexOfSeq(list, contact.seq);
  if (list[at] !== contact) list.splice(at, 0, contact);
}

function removeOrdered(list: StoredContact[], contact: StoredContact): void {
  const at = indexOfSeq(list, contact.seq);
  if (list[at] === contact) list.splice(at, 1);
}

const MAX_CACHED_VIEWS = 32;

export class ContactStore {
  private readonly byId = new Map<string, StoredContact>();
  /** The live holders of each (inbox, source_id): one contact, or the copies when there are several. */
  private readonly bySource = new Map<string, StoredContact | StoredContact[]>();
  private readonly byInbox = new Map<string, StoredContact[]>();
  private readonly live: StoredContact[] = [];
  private readonly views = new Map<string, { version: number; items: readonly StoredContact[] }>();
  private nextSeq = 1;
  /** For contacts put in front of every other (listing-shift faults): 0, -1, -2 … */
  private frontSeq = 0;
  /** Bumped by every write; cached views older than this are stale. */
  version = 0;

  get size(): number {
    return this.live.length;
  }

  get(id: string): StoredContact | undefined {
    const contact = this.byId.get(id);
    return contact && contact.deletedAt === undefined ? contact : undefined;
  }

  /** The live contact holding `sourceId` in `inboxId` (of several copies, the last one written), if any. */
  findBySource(inboxId: string, sourceId: string): StoredContact | undefined {
    const holders = this.holdersOf(inboxId, sourceId);
    return holders[holders.length - 1];
  }

  /** Every live copy holding `sourceId` in `inboxId` (an empty source_id is held by none). */
  holdersOf(inboxId: string, sourceId: string): readonly StoredContact[] {
    if (sourceId === '') return [];
    const held = this.bySource.get(key(inboxId, sourceId));
    return held === undefined ? [] : Array.isArray(held) ? held : [held];
  }

  create(id: string, fields: ContactFields, now: number): StoredContact {
    const contact: StoredContact = {
      id,
      seq: this.nextSeq++,
      ...fields,
      createdAt: now,
      updatedAt: now,
      rev: 0,
    };
    this.byId.set(id, contact);
    this.live.push(contact);
    this.index(contact);
    this.version++;
    return contact;
  }

  /** Like `create`, but ordered before every existing contact (its listings move back by one). */
  createInFront(id: string, fields: ContactFields, now: number): StoredContact {
    const contact: StoredContact = {
      id,
      seq: this.frontSeq--,
      ...fields,
      createdAt: now,
      updatedAt: now,
      rev: 0,
    };
    this.byId.set(id, contact);
    insertOrdered(this.live, contact);
    this.index(contact);
    this.version++;
    return contact;
  }

  update(contact: StoredContact, fields: Partial<ContactFields>, now: number): StoredContact {
    this.unindex(contact);
    Object.assign(contact, fields, { updatedAt: now, rev: contact.rev + 1 });
    this.index(contact);
    this.version++;
    return contact;
  }

  softDelete(contact: StoredContact, now: number): void {
    this.unindex(contact);
    removeOrdered(this.live, contact);
    contact.deletedAt = now;
    this.version++;
  }

  /** Live contacts matching `filter`, in creation order. The array must not be modified. */
  view(filter: ContactFilter): readonly StoredContact[] {
    const inboxes = filter.inboxIds;
    const text = filter.text.filter((t) => t !== '');
    if (inboxes === undefined && text.length === 0) return this.live;
    if (inboxes?.length === 1 && text.length === 0) return this.byInbox.get(inboxes[0] as string) ?? [];
    const cacheKey = JSON.stringify([inboxes ?? null, text]);
    const cached = this.views.get(cacheKey);
    if (cached && cached.version === this.version) return cached.items;
    let base: readonly StoredContact[];
    if (inboxes === undefined) base = this.live;
    else if (inboxes.length === 1) base = this.byInbox.get(inboxes[0] as string) ?? [];
    else base = this.live.filter((c) => c.inboxIds.some((i) => inboxes.includes(i)));
    const items = text.length === 0 ? base : base.filter((c) => text.every((t) => matchesText(c, t)));
    if (this.views.size >= MAX_CACHED_VIEWS) this.views.clear();
    this.views.set(cacheKey, { version: this.version, items });
    return items;
  }

  /** Live contacts in creation order (a copy). */
  contacts(): StoredContact[] {
    return [...this.live];
  }

  /** Every contact ever created, soft-deleted ones included (a copy). */
  everything(): StoredContact[] {
    return [...this.byId.values()];
  }

  /** Re-creates contacts from a snapshot (persistence). */
  restore(contacts: readonly StoredContact[]): void {
    for (const c of [...contacts].sort((a, b) => a.seq - b.seq)) {
      const contact = { ...c, rev: 0 };
      this.byId.set(contact.id, contact);
      this.nextSeq = Math.max(this.nextSeq, contact.seq + 1);
      this.frontSeq = Math.min(this.frontSeq, contact.seq - 1);
      if (contact.deletedAt === undefined) {
        this.live.push(contact);
        this.index(contact);
      }
    }
    this.version++;
  }

  private index(contact: StoredContact): void {
    for (const inboxId of contact.inboxIds) {
      let list = this.byInbox.get(inboxId);
      if (!list) this.byInbox.set(inboxId, (list = []));
      insertOrdered(list, contact);
      if (contact.sourceId === '') continue;
      const k = key(inboxId, contact.sourceId);
      const held = this.bySource.get(k);
      if (held === undefined || held === contact) this.bySource.set(k, contact);
      else if (Array.isArray(held)) {
        if (!held.includes(contact)) held.push(contact);
      } else this.bySource.set(k, [held, contact]);
    }
  }

  private unindex(contact: StoredContact): void {
    for (const inboxId of contact.inboxIds) {
      const list = this.byInbox.get(inboxId);
      if (list) removeOrdered(list, contact);
      const k = key(inboxId, contact.sourceId);
      const held = this.bySource.get(k);
      if (held === contact) this.bySource.delete(k);
      else if (Array.isArray(held)) {
        const rest = held.filter((c) => c !== contact);
        if (rest.length === 1) this.bySource.set(k, rest[0] as StoredContact);
        else this.bySource.set(k, rest);
      }
    }
  }
}

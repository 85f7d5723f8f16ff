/**
 * Refresh: read the live contacts of every managed inbox (the inboxes of declared contacts and of state
 * entries), concurrently, into the map `planChanges` takes (identity -> { contact_id, body }).
 *
 * A listing is not a snapshot: contacts added or deleted by others while it is paged move the pages, so
 * a contact that exists can be missing from it. Every expected contact (a state entry) the listing did
 * not show is therefore confirmed by its id (`GET contacts/{id}/`) before anything is concluded: 404
 * means gone, 200 means there (and it is compared as usual). A removal is never turned into a forget,
 * nor a declared contact into a second create, on the listing's word alone.
 *
 * A live contact without a source_id (MaiAgent's own anonymous contacts) can never be one of ours: it is
 * only counted. Two live contacts with the same (inbox, source_id) (made outside the tool): the one the
 * state knows is the one compared; every copy is listed in `copies`, and an identity the state knows no
 * copy of is `unresolved` (plan/duplicate-findings.ts makes it an error finding).
 */
import type { MaiAgentClient } from '../api/client.js';
import { mapBounded } from '../util/map-bounded.js';
import type { LiveContact as ApiContact } from '../api/types.js';
import { DENY_ALL } from '../plan/revoked-body.js';
import type { LiveBody, LiveCopy } from '../plan/types.js';
import { digestQueryMetadata } from '../resolve/canonical-body.js';
import type { ContactBody } from '../resolve/types.js';
import { identityKey } from '../resolve/identity.js';
import { metadataPool } from '../resolve/metadata-pool.js';

export interface RefreshResult {
  live: Map<string, LiveBody>;
  /** Live contacts read, over all inboxes. */
  read: number;
  /** Live contacts without a source_id, left alone. */
  anonymous: number;
  /** Identities held by more than one live contact. */
  duplicates: string[];
  /** Every live copy of each identity held by more than one contact, in listing order. */
  copies: Map<string, LiveCopy[]>;
  /** Duplicated identities of which the state knows no copy: none may be changed until one is chosen. */
  unresolved: string[];
  /** Expected contacts missing from the listing but found by id. */
  confirmed: number;
  /** Expected contacts missing from the listing and gone (404 by id). */
  gone: number;
}

export type { LiveCopy };

/** `id (created …), id (created …)`. */
export function describeCopies(copies: readonly LiveCopy[]): string {
  return copies.map((c) => `${c.id} (created ${c.createdAt || 'unknown'})`).join(', ');
}

/** A query_metadata that grants nothing (the deny-all a revoke sends). */
export function isDenyAll(metadata: ApiContact['queryMetadata']): boolean {
  return metadata !== null && digestQueryMetadata(metadata) === DENY_ALL_DIGEST;
}
const DENY_ALL_DIGEST = digestQueryMetadata(DENY_ALL);

/** A contact the state knows: confirmed by id when the listing does not show it. */
export interface ExpectedContact {
  identity: string;
  inbox: string;
  contact_id: string;
}

/** The body a live contact would be sent as (the seed's shape, the inbox it was listed under first). */
export function liveBody(
  contact: ApiContact,
  inboxId: string,
  queryMetadata: ApiContact['queryMetadata'] = contact.queryMetadata,
): ContactBody {
  const body = { name: contact.name } as ContactBody;
  if (contact.avatar !== null) body.avatar = contact.avatar;
  body.source_id = contact.sourceId;
  const others = contact.inboxIds.filter((id) => id !== inboxId);
  if (others.length === 0) body.inbox = inboxId;
  else body.inboxes = [inboxId, ...others].map((id) => ({ id }));
  // No query_metadata at all reads as "nothing declared": an empty object, never confused with deny-all.
  body.query_metadata = queryMetadata ?? {};
  return body;
}

export function liveView(
  contact: ApiContact,
  inboxId: string,
  queryMetadata: ApiContact['queryMetadata'] = contact.queryMetadata,
): LiveBody {
  return { contact_id: contact.id, body: liveBody(contact, inboxId.toLowerCase(), queryMetadata) };
}

export interface RefreshOptions {
  concurrency?: number;
  /** Contacts to confirm by id when the listing does not show them (the state's entries). */
  expected?: Iterable<ExpectedContact>;
}

export async function refreshLive(
  client: MaiAgentClient,
  inboxIds: Iterable<string>,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const inboxes = [...new Set([...inboxIds].map((id) => id.toLowerCase()))].sort();
  const listings = await mapBounded(inboxes, concurrency, (inbox) => client.listContacts(inbox));
  const live = new Map<string, LiveBody>();
  const created = new Map<string, string>();
  const duplicates = new Set<string>();
  let read = 0;
  let anonymous = 0;
  const copies = new Map<string, LiveCopy[]>();
  const chosenId = new Map<string, string>();
  for (const e of options.expected ?? []) chosenId.set(e.identity, e.contact_id);
  const shared = metadataPool();
  inboxes.forEach((inbox, i) => {
    for (const contact of listings[i] ?? []) {
      read += 1;
      if (contact.sourceId === '') {
        anonymous += 1;
        continue;
      }
      const identity = identityKey(inbox, contact.sourceId);
      const queryMetadata = shared(contact.queryMetadata);
      const copy = {
        id: contact.id,
        createdAt: contact.createdAt,
        revoked: isDenyAll(queryMetadata),
      };
      const known = copies.get(identity);
      if (known) known.push(copy);
      else copies.set(identity, [copy]);
      const seen = created.get(identity);
      if (seen !== undefined) {
        duplicates.add(identity);
        // the copy the state knows is the one managed; otherwise the oldest (but see `unresolved`)
        const current = live.get(identity)?.contact_id;
        if (current === chosenId.get(identity)) continue;
        if (contact.id !== chosenId.get(identity) && seen <= contact.createdAt) continue;
      }
      created.set(identity, contact.createdAt);
      live.set(identity, liveView(contact, inbox, queryMetadata));
    }
  });
  for (const identity of [...copies.keys()]) if (!duplicates.has(identity)) copies.delete(identity);
  const unresolved = [...duplicates]
    .filter((identity) => !(copies.get(identity) ?? []).some((c) => c.id === chosenId.get(identity)))
    .sort();
  const missing = new Map<string, ExpectedContact>();
  for (const e of options.expected ?? []) {
    if (!live.has(e.identity) && !missing.has(e.identity)) missing.set(e.identity, e);
  }
  let confirmed = 0;
  let gone = 0;
  await mapBounded([...missing.values()], concurrency, async (e) => {
    const contact = await client.getContact(e.contact_id);
    if (!contact) {
      gone += 1;
      return;
    }
    confirmed += 1;
    // The seed's shape names no inbox id on a single contact: it is the expected one. A contact that
    // names others has moved; its body says so, and the plan compares it as usual.
    const inbox = e.inbox.toLowerCase();
    const where =
      contact.inboxIds.length === 0 || contact.inboxIds.includes(inbox)
        ? inbox
        : (contact.inboxIds[0] as string);
    live.set(e.identity, {
      contact_id: contact.id,
      body: liveBody(contact, where, shared(contact.queryMetadata)),
    });
  });
  return { live, read, anonymous, duplicates: [...duplicates].sort(), copies, unresolved, confirmed, gone };
}

/** The state's entries as contacts to confirm. */
export function expectedFrom(
  entries: Iterable<{ inbox: string; source_id: string; contact_id: string | null }>,
): ExpectedContact[] {
  const expected: ExpectedContact[] = [];
  for (const e of entries) {
    if (e.contact_id === null || e.contact_id === '') continue;
    expected.push({ identity: identityKey(e.inbox, e.source_id), inbox: e.inbox, contact_id: e.contact_id });
  }
  return expected;
}

/** Every inbox the tool manages: those of the declared contacts and of the state's entries. */
export function managedInboxes(
  declared: Iterable<{ inboxId: string }>,
  state: Iterable<{ inbox: string }>,
): string[] {
  const ids = new Set<string>();
  for (const c of declared) ids.add(c.inboxId.toLowerCase());
  for (const e of state) ids.add(e.inbox.toLowerCase());
  return [...ids].sort();
}

/** Warnings the plan carries about what refresh found (several live copies are findings: makePlan). */
export function refreshWarnings(result: RefreshResult): string[] {
  const warnings: string[] = [];
  if (result.anonymous > 0) {
    warnings.push(`${result.anonymous} live contact(s) without a source_id in managed inboxes; left alone`);
  }
  if (result.confirmed > 0) {
    warnings.push(
      `${result.confirmed} contact(s) in state were missing from the listing (it changed while it was read) and were found by id`,
    );
  }
  return warnings;
}

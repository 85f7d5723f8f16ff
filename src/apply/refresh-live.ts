/**
 * Refresh: read the live contacts of every managed inbox (the inboxes of declared contacts and of state
 * entries), concurrently, into the map `planChanges` takes (identity -> { contact_id, body }).
 *
 * A live contact without a source_id (MaiAgent's own anonymous contacts) can never be one of ours: it is
 * only counted. Two live contacts with the same (inbox, source_id) (made outside the tool) keep the
 * oldest, with a warning.
 */
import type { MaiAgentClient } from '../api/client.js';
import { mapBounded } from '../util/map-bounded.js';
import type { LiveContact as ApiContact } from '../api/types.js';
import type { LiveBody } from '../plan/types.js';
import type { ContactBody } from '../resolve/types.js';
import { identityKey } from '../resolve/identity.js';

export interface RefreshResult {
  live: Map<string, LiveBody>;
  /** Live contacts read, over all inboxes. */
  read: number;
  /** Live contacts without a source_id, left alone. */
  anonymous: number;
  /** Identities held by more than one live contact. */
  duplicates: string[];
}

/** The body a live contact would be sent as (the seed's shape, the inbox it was listed under first). */
export function liveBody(contact: ApiContact, inboxId: string): ContactBody {
  const body = { name: contact.name } as ContactBody;
  if (contact.avatar !== null) body.avatar = contact.avatar;
  body.source_id = contact.sourceId;
  const others = contact.inboxIds.filter((id) => id !== inboxId);
  if (others.length === 0) body.inbox = inboxId;
  else body.inboxes = [inboxId, ...others].map((id) => ({ id }));
  // No query_metadata at all reads as "nothing declared": an empty object, never confused with deny-all.
  body.query_metadata = contact.queryMetadata ?? {};
  return body;
}

export function liveView(contact: ApiContact, inboxId: string): LiveBody {
  return { contact_id: contact.id, body: liveBody(contact, inboxId.toLowerCase()) };
}

export async function refreshLive(
  client: MaiAgentClient,
  inboxIds: Iterable<string>,
  options: { concurrency?: number } = {},
): Promise<RefreshResult> {
  const inboxes = [...new Set([...inboxIds].map((id) => id.toLowerCase()))].sort();
  const listings = await mapBounded(inboxes, Math.max(1, options.concurrency ?? 8), (inbox) =>
    client.listContacts(inbox),
  );
  const live = new Map<string, LiveBody>();
  const created = new Map<string, string>();
  const duplicates = new Set<string>();
  let read = 0;
  let anonymous = 0;
  inboxes.forEach((inbox, i) => {
    for (const contact of listings[i] ?? []) {
      read += 1;
      if (contact.sourceId === '') {
        anonymous += 1;
        continue;
      }
      const identity = identityKey(inbox, contact.sourceId);
      const seen = created.get(identity);
      if (seen !== undefined) {
        duplicates.add(identity);
        if (seen <= contact.createdAt) continue;
      }
      created.set(identity, contact.createdAt);
      live.set(identity, liveView(contact, inbox));
    }
  });
  return { live, read, anonymous, duplicates: [...duplicates].sort() };
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

/** Warnings the plan carries about what refresh found. */
export function refreshWarnings(result: RefreshResult): string[] {
  const warnings: string[] = [];
  if (result.anonymous > 0) {
    warnings.push(`${result.anonymous} live contact(s) without a source_id in managed inboxes; left alone`);
  }
  for (const identity of result.duplicates) {
    warnings.push(`more than one live contact has the identity ${identity}; the oldest is managed`);
  }
  return warnings;
}

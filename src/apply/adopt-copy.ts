/**
 * `state adopt ADDRESS CONTACT_ID`: choose which live contact is the managed one of an address (when
 * MaiAgent holds several copies of one identity, or to take over a contact by hand). The id is checked
 * against the live API first — it must exist and have the address's inbox and source_id — then
 * recorded in state with the contact's live body; the next plan compares against that copy, and apply
 * revokes the others.
 */
import type { MaiAgentClient } from '../api/client.js';
import { StateError } from '../errors.js';
import type { StateStore } from '../state/store.js';
import type { StateEntry } from '../state/types.js';
import { identityKey } from '../resolve/identity.js';
import { liveBody } from './refresh-live.js';

export interface AdoptTarget {
  /** Inbox UUID. */
  inbox: string;
  source_id: string;
  /** `<inbox alias>/<source_id>`, for state and messages. */
  address: string;
}

export interface Adopted {
  entry: StateEntry;
  /** The contact id the state held for this address before, if any. */
  previous: string | undefined;
}

export async function adoptCopy(
  client: Pick<MaiAgentClient, 'getContact' | 'listContacts'>,
  store: Pick<StateStore, 'get' | 'record' | 'location'>,
  target: AdoptTarget,
  contactId: string,
): Promise<Adopted> {
  const inbox = target.inbox.toLowerCase();
  const wanted = `inbox ${inbox}, source_id ${JSON.stringify(target.source_id)}`;
  const contact = await client.getContact(contactId);
  if (!contact) {
    throw new StateError(
      `contact ${contactId} does not exist in MaiAgent (404); nothing was recorded for ${target.address}`,
    );
  }
  const inInbox =
    contact.inboxIds.length > 0
      ? contact.inboxIds.includes(inbox)
      : // a response that names no inbox: the inbox's listing says
        (await client.listContacts(inbox)).some((c) => c.id === contact.id);
  if (contact.sourceId !== target.source_id || !inInbox) {
    const has =
      `source_id ${JSON.stringify(contact.sourceId)}` +
      (contact.inboxIds.length > 0
        ? `, inbox(es) ${contact.inboxIds.join(', ')}`
        : inInbox
          ? ''
          : `, and is not listed in inbox ${inbox}`);
    throw new StateError(
      `contact ${contactId} is not a copy of ${target.address}: it has ${has}, and ${target.address} is ` +
        `${wanted}; nothing was recorded`,
    );
  }
  const identity = identityKey(inbox, target.source_id);
  const before = store.get(identity);
  const previous = before?.contact_id;
  const entry = await store.record({
    inbox,
    source_id: target.source_id,
    address: target.address,
    contact_id: contact.id,
    // the tier last applied belongs to the copy it was applied to
    tier: previous === contact.id ? (before?.tier ?? null) : null,
    body: liveBody(contact, inbox),
    ...(contact.createdAt ? { created_at: contact.createdAt } : {}),
    ...(contact.updatedAt ? { updated_at: contact.updatedAt } : {}),
  });
  return { entry, previous };
}

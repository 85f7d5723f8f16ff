/** Refresh for the CLI: the live contacts of every inbox the config or the state manages. */
import type { MaiAgentClient } from '../api/client.js';
import { expectedFrom, managedInboxes, refreshLive, type RefreshResult } from '../apply/refresh-live.js';
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { lookupInbox } from '../config/references.js';
import type { StateStore } from '../state/open-state.js';

export function refreshForConfig(
  client: MaiAgentClient,
  config: ContactsConfig,
  store: Pick<StateStore, 'entries'>,
  concurrency: number,
): Promise<RefreshResult> {
  const declared = (config.contacts ?? []).map((c) => ({ inboxId: lookupInbox(config, c.inbox) ?? c.inbox }));
  return refreshLive(client, managedInboxes(declared, store.entries()), {
    concurrency,
    expected: expectedFrom(store.entries()),
  });
}

/** Refresh for the CLI: the live contacts of every inbox the config or the state manages. */
import type { MaiAgentClient } from '../api/client.js';
import { expectedFrom, managedInboxes, refreshLive, type RefreshResult } from '../apply/refresh-live.js';
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { lookupInbox } from '../config/references.js';
import type { StateStore } from '../state/open-state.js';
import { withClient } from './api-client.js';
import type { GlobalOptions } from './global-options.js';

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

/** refreshForConfig with a client made from the environment and the global options (plan's refresh). */
export function refreshWithClient(
  options: GlobalOptions,
  config: ContactsConfig,
  store: Pick<StateStore, 'entries'>,
  concurrency: number,
): Promise<RefreshResult> {
  return withClient(options, (client) => refreshForConfig(client, config, store, concurrency), {
    concurrency,
  });
}

/** Opens the state the global options name (--state / MAI_CONTACTS_STATE, --workspace). */
import { openState } from '../state/open-state.js';
import type { OpenStateOptions, StateStore } from '../state/store.js';
import type { GlobalOptions } from './global-options.js';

export function openCliState(options: GlobalOptions, open: OpenStateOptions): Promise<StateStore> {
  return openState(options.state, {
    ...open,
    workspace: options.workspace,
    createSchema: options.createSchema,
  });
}

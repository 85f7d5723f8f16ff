/**
 * Two or more live contacts with one identity are never resolved by guessing. A contact none of whose
 * copies the state knows is not changed (its change fails, naming every copy) until one is chosen; a
 * revoke or delete of a duplicated identity reaches every copy, not only the managed one. A revoke
 * there is a PATCH of `query_metadata` alone: a PUT carrying the source_id that another copy holds is
 * refused by the API.
 */
import type { MaiAgentClient } from '../api/client.js';
import { ApiError } from '../errors.js';
import type { StateStore } from '../state/open-state.js';
import type { Change } from '../plan/types.js';
import { identityKey } from '../resolve/identity.js';
import { describeCopies, type RefreshResult } from './refresh-live.js';
import type { ApplyFailure, ApplyResult } from './types.js';

type Copies = Pick<RefreshResult, 'copies' | 'unresolved'>;

const REMOVAL = new Set<Change['action']>(['revoke', 'delete']);

/** The changes apply may carry out, and those refused because their identity has unresolved copies. */
export function holdDuplicates(
  changes: readonly Change[],
  refreshed: Copies,
): { work: Change[]; refused: ApplyFailure[] } {
  const unresolved = new Set(refreshed.unresolved);
  const work: Change[] = [];
  const refused: ApplyFailure[] = [];
  for (const change of changes) {
    const identity = identityKey(change.inbox, change.source_id);
    if (change.action === 'revoke' && refreshed.copies.has(identity)) continue; // see reachEveryCopy
    if (!unresolved.has(identity) || REMOVAL.has(change.action) || change.action === 'forget') {
      work.push(change);
      continue;
    }
    const copies = refreshed.copies.get(identity) ?? [];
    refused.push({
      address: change.address,
      action: change.action,
      reason: `${copies.length} live contacts have this identity: ${describeCopies(copies)}; not changed until one is chosen (delete the others in MaiAgent)`,
    });
  }
  return { work, refused };
}

/**
 * Revokes every copy of the duplicated identities that `changes` revoke (recording the managed one in
 * state), and deletes every other copy of those they delete.
 */
export async function reachEveryCopy(
  client: Pick<MaiAgentClient, 'patchContact' | 'deleteContact'>,
  store: Pick<StateStore, 'record'>,
  changes: readonly Change[],
  refreshed: Copies,
): Promise<Pick<ApplyResult, 'failures'> & { revoked: number; deleted: number }> {
  const out = { failures: [] as ApplyFailure[], revoked: 0, deleted: 0 };
  for (const change of changes) {
    if (!REMOVAL.has(change.action)) continue;
    const copies = refreshed.copies.get(identityKey(change.inbox, change.source_id)) ?? [];
    for (const copy of copies) {
      if (change.action === 'delete' && copy.id === change.contact_id) continue; // the executor's
      try {
        if (change.action === 'delete') {
          await client.deleteContact(copy.id);
          out.deleted += 1;
        } else if (change.after) {
          await client.patchContact(copy.id, { query_metadata: change.after.query_metadata });
          out.revoked += 1;
          if (copy.id === change.contact_id) {
            await store.record({
              inbox: change.inbox,
              source_id: change.source_id,
              address: change.address,
              contact_id: copy.id,
              tier: null,
              body: change.after,
            });
          }
        }
      } catch (error) {
        const reason = error instanceof ApiError ? error.message : String(error);
        out.failures.push({
          address: change.address,
          action: change.action,
          reason: `copy ${copy.id}: ${reason}`,
        });
      }
    }
  }
  return out;
}

/**
 * Two or more live contacts with one identity are never resolved by guessing. A contact none of whose
 * copies the state knows is refused before anything is sent (plan/duplicate-findings.ts makes it an
 * error finding; `state adopt` chooses a copy). Once one copy is managed (in state):
 *
 * - its update is a PATCH that leaves source_id and inbox alone: a PUT carries the source_id another
 *   copy holds, and the API refuses it;
 * - the other copies are revoked (PATCH of a deny-all `query_metadata` alone): they carry access nobody
 *   manages;
 * - a revoke of the contact reaches every copy, and a delete deletes every copy.
 */
import type { MaiAgentClient } from '../api/client.js';
import { ApiError, PlanError } from '../errors.js';
import { adoptCommand } from '../plan/duplicate-findings.js';
import { DENY_ALL } from '../plan/revoked-body.js';
import type { StateStore } from '../state/open-state.js';
import type { Change } from '../plan/types.js';
import type { ContactBody } from '../resolve/types.js';
import { identityKey } from '../resolve/identity.js';
import { describeCopies, type RefreshResult } from './refresh-live.js';
import type { ApplyResult } from './types.js';

type Copies = Pick<RefreshResult, 'copies' | 'unresolved'>;

const REMOVAL = new Set<Change['action']>(['revoke', 'delete', 'forget']);
/** What the executor cannot do for a duplicated identity: reachEveryCopy does it. */
const BY_COPY = new Set<Change['action']>(['update', 'revoke']);

/**
 * The changes the executor carries out, and those of duplicated identities that reachEveryCopy carries
 * out instead. Throws when a change would touch an identity none of whose copies the state knows (the
 * plan refuses it first; this is the last guard before any request).
 */
export function holdDuplicates(
  changes: readonly Change[],
  refreshed: Copies,
): { work: Change[]; held: Change[] } {
  const unresolved = new Set(refreshed.unresolved);
  const work: Change[] = [];
  const held: Change[] = [];
  const refused: string[] = [];
  for (const change of changes) {
    const identity = identityKey(change.inbox, change.source_id);
    if (unresolved.has(identity) && !REMOVAL.has(change.action)) {
      const copies = describeCopies(refreshed.copies.get(identity) ?? []);
      refused.push(`  - ${change.address}: ${copies}\n    choose one: ${adoptCommand(change.address)}`);
    } else if (refreshed.copies.has(identity) && BY_COPY.has(change.action)) held.push(change);
    else work.push(change);
  }
  if (refused.length > 0) {
    throw new PlanError(
      `apply refused: several live copies and none in state; nothing was changed:\n${refused.join('\n')}`,
    );
  }
  return { work, held };
}

/** A managed copy's update: the body without source_id, and without the inbox unless it changes. */
function patchFields(change: Change, body: ContactBody): Partial<ContactBody> {
  const { source_id: _source, inbox, inboxes, ...fields } = body;
  if (!change.changed_fields.some((f) => f === 'inbox' || f.startsWith('inboxes'))) return fields;
  return { ...fields, ...(inbox !== undefined ? { inbox } : {}), ...(inboxes ? { inboxes } : {}) };
}

export interface CopiesResult extends Pick<ApplyResult, 'failures'> {
  updated: number;
  revoked: number;
  deleted: number;
}

/**
 * For every change of a duplicated identity: updates the managed copy (PATCH) and revokes the others;
 * revokes every copy of a revoked contact (recording the managed one in state); deletes every other copy
 * of a deleted one (the executor deletes the managed copy).
 */
export async function reachEveryCopy(
  client: Pick<MaiAgentClient, 'patchContact' | 'deleteContact'>,
  store: Pick<StateStore, 'record'>,
  changes: readonly Change[],
  refreshed: Copies,
): Promise<CopiesResult> {
  const out: CopiesResult = { failures: [], updated: 0, revoked: 0, deleted: 0 };
  const unresolved = new Set(refreshed.unresolved);
  for (const change of changes) {
    const identity = identityKey(change.inbox, change.source_id);
    const copies = refreshed.copies.get(identity);
    if (!copies || change.action === 'create' || change.action === 'forget') continue;
    if (unresolved.has(identity) && !REMOVAL.has(change.action)) continue; // refused by holdDuplicates
    const step = async (id: string, what: () => Promise<void>): Promise<void> => {
      try {
        await what();
      } catch (error) {
        const reason = error instanceof ApiError ? error.message : String(error);
        out.failures.push({
          address: change.address,
          action: change.action,
          reason: `copy ${id}: ${reason}`,
        });
      }
    };
    const record = async (
      id: string,
      body: ContactBody,
      tier: string | null,
      live?: { createdAt: string; updatedAt: string },
    ) => {
      await store.record({
        inbox: change.inbox,
        source_id: change.source_id,
        address: change.address,
        contact_id: id,
        tier,
        body,
        ...(live?.createdAt ? { created_at: live.createdAt } : {}),
        ...(live?.updatedAt ? { updated_at: live.updatedAt } : {}),
      });
    };
    for (const copy of copies) {
      const managed = copy.id === change.contact_id;
      if (change.action === 'delete') {
        if (managed) continue; // the executor's
        await step(copy.id, async () => {
          await client.deleteContact(copy.id);
          out.deleted += 1;
        });
      } else if (change.action === 'revoke' && change.after) {
        if (!managed && copy.revoked) continue;
        const after = change.after;
        await step(copy.id, async () => {
          const live = await client.patchContact(copy.id, { query_metadata: after.query_metadata });
          out.revoked += 1;
          if (managed) await record(copy.id, after, null, live);
        });
      } else if (managed && change.action === 'update' && change.after) {
        const after = change.after;
        await step(copy.id, async () => {
          const live = await client.patchContact(copy.id, patchFields(change, after));
          out.updated += 1;
          await record(copy.id, after, change.tier.after, live);
        });
      } else if (!managed && !copy.revoked) {
        // an extra copy of a managed contact (update or no-op): its access is nobody's
        await step(copy.id, async () => {
          await client.patchContact(copy.id, { query_metadata: DENY_ALL });
          out.revoked += 1;
        });
      }
    }
  }
  return out;
}

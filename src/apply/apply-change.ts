/**
 * Carries out one change against the API and records it in state the moment it lands.
 *
 * A create whose outcome is unknown (a reset or timeout after sending, a 5xx that may have been
 * processed) is never blindly retried: the contact is first looked up by (inbox, source_id); found, it
 * is adopted (its id recorded, then a PUT if its body differs); not found, the POST is tried again (a
 * bounded number of times). A create refused because the source_id is taken is resolved the same way.
 * PUT and DELETE are idempotent: the client retries them itself.
 */
import type { MaiAgentClient } from '../api/client.js';
import type { LiveContact as ApiContact } from '../api/types.js';
import { ApiError } from '../errors.js';
import { sameBody } from '../resolve/canonical-body.js';
import type { Change } from '../plan/types.js';
import type { ContactBody } from '../resolve/types.js';
import { identityKey } from '../resolve/identity.js';
import type { StateStore } from '../state/open-state.js';
import { liveBody } from './refresh-live.js';
import type { Outcome } from './types.js';

export interface ChangeContext {
  client: MaiAgentClient;
  store: Pick<StateStore, 'record' | 'remove' | 'get'>;
  /** POST attempts for one create when each outcome was unknown and the lookup found nothing (default 3). */
  createAttempts?: number;
  /** Wait between those attempts (default 250 ms times the attempt). */
  createRetryDelayMs?: number;
}

export interface ChangeDone {
  outcome: Outcome;
  contactId: string | null;
  /**
   * Settles when the change's state record is on disk. The API call is over when applyChange returns,
   * so the caller can free its concurrency slot and wait for this separately (records share fsyncs).
   */
  durable: Promise<void>;
}

/**
 * Runs a state record after the I/O callbacks of this event-loop turn, i.e. once the responses that
 * arrived with this one have been handled and their next requests sent: the record (digest, shape
 * check, journal line) is off the path from a response to the next request. The caller awaits the
 * promise later; it is marked handled now so a failure is never an unhandled rejection.
 */
function later(work: () => Promise<unknown>): Promise<void> {
  const promise = afterThisTurn().then(async () => {
    await work();
  });
  promise.catch(() => undefined);
  return promise;
}

/** Resolves in the check phase of this turn: one setImmediate for all the records of a turn. */
let turn: Promise<void> | undefined;
function afterThisTurn(): Promise<void> {
  turn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turn = undefined;
      resolve();
    }),
  );
  return turn;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** True when apply has something to do for this change (an API call or a state record). */
export function needsWork(
  change: Change,
  stored: { contact_id: string; tier: string | null } | undefined,
): boolean {
  if (change.action !== 'no-op') return true;
  if (change.adopted || change.tier.before !== change.tier.after) return true;
  return stored !== undefined && change.contact_id !== null && stored.contact_id !== change.contact_id;
}

/** Carries out `change`; an ApiError it throws names the contact (`details.address`). */
export async function applyChange(ctx: ChangeContext, change: Change): Promise<ChangeDone> {
  try {
    return await carryOut(ctx, change);
  } catch (error) {
    if (error instanceof ApiError && error.details.address === undefined)
      error.details.address = change.address;
    throw error;
  }
}

async function carryOut(ctx: ChangeContext, change: Change): Promise<ChangeDone> {
  switch (change.action) {
    case 'create':
      return create(ctx, change, desired(change));
    case 'update':
    case 'revoke': {
      const live = await ctx.client.updateContact(contactId(change), desired(change));
      const durable = later(() => record(ctx, change, live.id, live));
      return { outcome: change.action === 'update' ? 'updated' : 'revoked', contactId: live.id, durable };
    }
    case 'delete':
      await ctx.client.deleteContact(contactId(change));
      return { outcome: 'deleted', contactId: change.contact_id, durable: later(() => forget(ctx, change)) };
    case 'forget':
      return {
        outcome: 'forgotten',
        contactId: change.contact_id,
        durable: later(() => forget(ctx, change)),
      };
    case 'no-op': {
      const id = contactId(change);
      return {
        outcome: 'recorded',
        contactId: change.contact_id,
        durable: later(() => record(ctx, change, id)),
      };
    }
  }
}

async function create(ctx: ChangeContext, change: Change, body: ContactBody): Promise<ChangeDone> {
  const attempts = Math.max(1, ctx.createAttempts ?? 3);
  // A contact this create made is newer than its first POST: the lookup reads only those (bounded).
  const sentAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const live = await ctx.client.createContact(body);
      return {
        outcome: 'created',
        contactId: live.id,
        durable: later(() => record(ctx, change, live.id, live)),
      };
    } catch (error) {
      const unknown = error instanceof ApiError && error.details.outcomeUnknown === true;
      const taken =
        error instanceof ApiError && (error.details.status === 400 || error.details.status === 409);
      if (!unknown && !taken) throw error;
      // Interrupted (SIGINT): no lookup is sent now; the next apply's refresh finds what landed.
      if (error.details.interrupted) throw error;
      // Taken: the holder may be old, so the whole (fuzzy) match is read; unknown: only what is new.
      const found = taken
        ? await ctx.client.findBySourceId(change.inbox, change.source_id)
        : await ctx.client.findCreated(change.inbox, change.source_id, sentAt);
      if (found) return adopt(ctx, change, body, found);
      if (!unknown || attempt >= attempts) throw error;
      await sleep((ctx.createRetryDelayMs ?? 250) * attempt);
    }
  }
}

/** The create had landed (or someone made the contact meanwhile): keep its id, then make it as declared. */
async function adopt(
  ctx: ChangeContext,
  change: Change,
  body: ContactBody,
  found: ApiContact,
): Promise<ChangeDone> {
  if (sameBody(liveBody(found, change.inbox), body)) {
    return {
      outcome: 'adopted',
      contactId: found.id,
      durable: later(() => record(ctx, change, found.id, found)),
    };
  }
  // Recorded before the PUT, so that a crash in between still leaves the id in state.
  await record(ctx, change, found.id, found, liveBody(found, change.inbox));
  const live = await ctx.client.updateContact(found.id, body);
  return { outcome: 'adopted', contactId: live.id, durable: later(() => record(ctx, change, live.id, live)) };
}

function desired(change: Change): ContactBody {
  if (!change.after) throw new Error(`${change.address}: a ${change.action} without a body to send`);
  return change.after;
}

function contactId(change: Change): string {
  if (!change.contact_id) throw new Error(`${change.address}: a ${change.action} without a contact id`);
  return change.contact_id;
}

/** Removes the change's entry from state (durable when the promise settles, like a record). */
async function forget(ctx: ChangeContext, change: Change): Promise<void> {
  await ctx.store.remove(identityKey(change.inbox, change.source_id));
}

async function record(
  ctx: ChangeContext,
  change: Change,
  id: string,
  live?: ApiContact,
  body: ContactBody = desired(change),
): Promise<void> {
  await ctx.store.record({
    inbox: change.inbox,
    source_id: change.source_id,
    address: change.address,
    contact_id: id,
    tier: change.action === 'revoke' || change.tier.after === null ? null : change.tier.after,
    body,
    ...(live?.createdAt ? { created_at: live.createdAt } : {}),
    ...(live?.updatedAt ? { updated_at: live.updatedAt } : {}),
  });
}

/**
 * The `listingShift` fault: a contact listing that moves while it is paged, as when other clients add
 * or delete contacts meanwhile. Before a contact page after the first is answered, `n` bystander
 * contacts are put in front of the listed inbox, or (every other time) the front-most bystanders put
 * there earlier are deleted. Either way the pages after it move by `n` places, so a client paging by
 * number or offset misses some contacts and sees others twice. Contacts of anyone else are never touched.
 */
import type { EmulatorContext } from './context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Bystanders' source_ids start with this. */
export const SHIFTED_PREFIX = 'shifted-';

interface ShiftState {
  turn: number;
  made: number;
  /** Bystanders still live, front-most first (the most recent insert). */
  live: string[];
}

const states = new WeakMap<EmulatorContext, ShiftState>();

/** True for a contacts listing request that asks for a page after the first. */
export function isLaterContactPage(method: string, url: URL): boolean {
  if (method !== 'GET' || !/^\/api(?:\/v1)?\/contacts\/?$/.test(url.pathname)) return false;
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
  const offset = Number.parseInt(url.searchParams.get('offset') ?? '0', 10);
  return page > 1 || offset > 0;
}

export function shiftListing(ctx: EmulatorContext, url: URL, n: number): void {
  const inbox = ['inboxes', 'inbox']
    .flatMap((name) => url.searchParams.getAll(name))
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .find((v) => UUID.test(v));
  if (inbox === undefined || n <= 0) return;
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { turn: 0, made: 0, live: [] }));
  const insert = state.turn++ % 2 === 0 || state.live.length === 0;
  const now = ctx.now();
  if (insert) {
    for (let i = 0; i < n; i++) {
      const k = state.made++;
      const contact = ctx.store.createInFront(
        ctx.newId(),
        {
          inboxIds: [inbox],
          name: `Shifted ${k}`,
          avatar: null,
          sourceId: `${SHIFTED_PREFIX}${k}`,
          email: null,
          phoneNumber: null,
          queryMetadata: null,
        },
        now,
      );
      state.live.unshift(contact.id);
    }
  } else {
    for (const id of state.live.splice(0, n)) {
      const contact = ctx.store.get(id);
      if (contact) ctx.store.softDelete(contact, now);
    }
  }
  ctx.stats.faults.shifts++;
  ctx.changed();
}

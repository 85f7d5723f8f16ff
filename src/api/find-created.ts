/**
 * Looking up the contact an unknown-outcome create may have made, in a bounded number of requests
 * whatever the inbox's size or the source_id. If the POST landed, the contact was created after the
 * POST was sent, so only contacts at least that new need to be read.
 *
 * The lookup asks for `query=<source_id>` newest first (`ordering=-created_at`) and stops at the first
 * page whose oldest contact is older than the POST: one request in the usual case, a second one only
 * when more than a page of matching contacts were created since. A server that ignores `ordering`
 * lists oldest first; then the last page (from `count`) is read next, and the walk goes backwards by
 * `previous`. "Older than the POST" is judged on the server's clock (its `Date` header) with a margin,
 * so a clock difference between the two machines never ends the walk early.
 */
import type { RawPage } from './normalize-page.js';
import { nextUrl } from './page-plan.js';
import type { LiveContact } from './types.js';

export interface FoundPage {
  page: RawPage;
  contacts: LiveContact[];
  /** The server's clock minus ours when the page was answered (ms), from its `Date` header. */
  skewMs: number | undefined;
}

/** Contacts this much older than the POST (after skew) still count: `Date` has whole seconds. */
export const MARGIN_MS = 2_000;

/** Walking further than this means something is off: the unbounded lookup decides instead. */
const MAX_PAGES = 50;

const time = (c: LiveContact): number => Date.parse(c.createdAt);

export async function findCreated(
  first: URL,
  fetchPage: (url: URL) => Promise<FoundPage>,
  match: (c: LiveContact) => boolean,
  sentAt: number,
  /** The unbounded lookup, for a listing whose order cannot be told. */
  fallback: () => Promise<LiveContact | undefined>,
): Promise<LiveContact | undefined> {
  const threshold = (got: FoundPage): number =>
    sentAt + (got.skewMs !== undefined ? Math.min(0, got.skewMs) : 0) - MARGIN_MS;
  /** Every contact of the page is older than the POST. */
  const allOlder = (got: FoundPage): boolean => {
    const limit = threshold(got);
    return got.contacts.every((c) => time(c) < limit);
  };

  const head = await fetchPage(first);
  const hit = head.contacts.find(match);
  if (hit || head.page.next === null) return hit; // found, or one page: everything was seen
  const times = head.contacts.map(time);
  const [a, z] = [times[0], times[times.length - 1]];
  if (a === undefined || z === undefined || Number.isNaN(a) || Number.isNaN(z)) return fallback();

  if (a > z) {
    // newest first: walk forward until a page ends with a contact older than the POST
    let got = head;
    for (let pages = 1; ; pages++) {
      const last = got.contacts[got.contacts.length - 1];
      if (last === undefined || time(last) < threshold(got) || got.page.next === null) return undefined;
      if (pages >= MAX_PAGES) return fallback();
      got = await fetchPage(nextUrl(first, got.page.next));
      const found = got.contacts.find(match);
      if (found) return found;
    }
  }
  // Oldest first (the server ignored `ordering`), or one timestamp throughout the first page. The
  // newest contacts are then on the last page; if both ends are older than the POST, it was not made.
  if (a === z && !allOlder(head)) return fallback();
  const end = lastPage(first, head.page);
  if (!end) return fallback();
  let got = await fetchPage(end);
  for (let pages = 2; ; pages++) {
    const found = got.contacts.find(match);
    if (found) return found;
    const oldest = got.contacts[0];
    if (oldest === undefined || time(oldest) < threshold(got)) return undefined;
    const previous = got.page.previous ?? null;
    if (previous === null) return undefined;
    if (pages >= MAX_PAGES) return fallback();
    got = await fetchPage(nextUrl(first, previous));
  }
}

/** The last page of a listing whose first page is `page` (from `count` and the style of `next`). */
function lastPage(requested: URL, page: RawPage): URL | undefined {
  if (page.count === undefined || page.next === null) return undefined;
  const next = nextUrl(requested, page.next);
  const size = page.items.length;
  if (size === 0) return undefined;
  if (next.searchParams.has('offset')) {
    next.searchParams.set('offset', String(Math.max(0, page.count - size)));
    return next;
  }
  next.searchParams.set('page', String(Math.max(1, Math.ceil(page.count / size))));
  return next;
}

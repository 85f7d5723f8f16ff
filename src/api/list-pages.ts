/**
 * Every item of a paginated listing. The first page is fetched alone; when it carries `count` and
 * a `next` in a known style (`page` or `offset`), the remaining pages are fetched concurrently
 * (bounded); otherwise, and after the planned pages if the listing grew meanwhile, `next` is
 * followed page by page. A listing is not a snapshot: items are de-duplicated by id.
 *
 * Nothing hangs on a listing that never ends: a `next` that repeats a page already read, more pages
 * than `count` can explain (10 % or 10 pages of growth while reading are allowed), or more than
 * `maxPages` pages in all stop it with an error naming the listing.
 */
import { ApiError } from '../errors.js';
import { mapBounded } from '../util/map-bounded.js';
import type { RawPage } from './normalize-page.js';
import { nextUrl, remainingPages } from './page-plan.js';

export type FetchPage = (url: URL) => Promise<RawPage>;

const END: RawPage = { next: null, items: [] };

/** Pages of any one listing, at most (10 million contacts at 100 a page). */
export const MAX_PAGES = 100_000;

export async function listPages(
  first: URL,
  fetchPage: FetchPage,
  concurrency: number,
  maxPages: number = MAX_PAGES,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let page = await fetchPage(first);
  items.push(...page.items);
  const count = page.count;
  const pageLength = page.items.length;
  const planned = remainingPages(first, page);
  // A page that vanished (the listing shrank since the first page): DRF answers 404 "Invalid page."
  const orEnd = (url: URL): Promise<RawPage> =>
    fetchPage(url).catch((error: unknown) => {
      if (error instanceof ApiError && error.details.status === 404) return END;
      throw error;
    });
  const seen = new Set<string>([first.search]);
  if (planned && planned.length > 0) {
    for (const url of planned) seen.add(url.search);
    const pages = await mapBounded(planned, concurrency, orEnd);
    for (const p of pages) items.push(...p.items);
    page = pages[pages.length - 1] ?? END;
  }
  const expected =
    count !== undefined && pageLength > 0 ? Math.max(1, Math.ceil(count / pageLength)) : undefined;
  const allowed =
    expected !== undefined ? Math.min(maxPages, expected + Math.max(10, Math.ceil(expected / 10))) : maxPages;
  let read = 1 + (planned?.length ?? 0);
  const stop = (why: string): never => {
    throw new ApiError(
      `GET ${first.pathname}${first.search}: the listing does not end (${why}); nothing was concluded from it`,
      {
        method: 'GET',
        path: `${first.pathname}${first.search}`,
      },
    );
  };
  while (page.next !== null) {
    const url = nextUrl(first, page.next);
    if (seen.has(url.search)) stop(`its next page ${url.search} was already read`);
    seen.add(url.search);
    if (read >= allowed) {
      stop(
        expected !== undefined
          ? `more than ${allowed} pages, while its count of ${count} makes ${expected}`
          : `more than ${allowed} pages`,
      );
    }
    read += 1;
    page = await orEnd(url);
    items.push(...page.items);
  }
  return dedupeById(items);
}

function dedupeById(items: unknown[]): unknown[] {
  const ids = new Set<unknown>();
  return items.filter((item) => {
    const id = item !== null && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
    if (id === undefined) return true;
    if (ids.has(id)) return false;
    ids.add(id);
    return true;
  });
}

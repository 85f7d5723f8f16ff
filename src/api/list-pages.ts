/**
 * Every item of a paginated listing. The first page is fetched alone; when it carries `count` and
 * a `next` in a known style (`page` or `offset`), the remaining pages are fetched concurrently
 * (bounded); otherwise, and after the planned pages if the listing grew meanwhile, `next` is
 * followed page by page. A listing is not a snapshot: items are de-duplicated by id.
 */
import { ApiError } from '../errors.js';
import { mapBounded } from '../util/map-bounded.js';
import type { RawPage } from './normalize-page.js';
import { nextUrl, remainingPages } from './page-plan.js';

export type FetchPage = (url: URL) => Promise<RawPage>;

const END: RawPage = { next: null, items: [] };

export async function listPages(first: URL, fetchPage: FetchPage, concurrency: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let page = await fetchPage(first);
  items.push(...page.items);
  const planned = remainingPages(first, page);
  if (planned && planned.length > 0) {
    const pages = await mapBounded(planned, concurrency, (url) =>
      fetchPage(url).catch((error: unknown) => {
        // A page that vanished (the listing shrank since the first page): DRF answers 404 "Invalid page."
        if (error instanceof ApiError && error.details.status === 404) return END;
        throw error;
      }),
    );
    for (const p of pages) items.push(...p.items);
    page = pages[pages.length - 1] ?? END;
  }
  const seen = new Set<string>();
  while (page.next !== null) {
    const url = nextUrl(first, page.next);
    if (seen.has(url.search)) break;
    seen.add(url.search);
    page = await fetchPage(url);
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

/**
 * Paging, whatever the style. `next` is only ever used for its query string, applied to the URL we
 * asked for: a `next` pointing at another host (a proxy's internal name, `http://` behind TLS, the
 * docs' `api.example.org` placeholder) never receives the API key.
 */
import type { RawPage } from './normalize-page.js';

/** The URL to fetch for `next`: our own URL with `next`'s query. */
export function nextUrl(requested: URL, next: string): URL {
  const url = new URL(requested);
  url.search = new URL(next, requested).search;
  return url;
}

const int = (value: string | null): number | undefined => {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
};

/** Above this many pages the plan is not trusted (a bogus count); pages are then followed one by one. */
const MAX_PLANNED_PAGES = 100_000;

/**
 * Every page after the first, when the first page tells us how many there are (`count`) and how
 * they are addressed (`page` or `offset` in `next`). Undefined: follow `next` one page at a time.
 */
export function remainingPages(requested: URL, first: RawPage): URL[] | undefined {
  if (first.next === null) return [];
  if (first.count === undefined) return undefined;
  const next = nextUrl(requested, first.next);
  const params = next.searchParams;
  const urls: URL[] = [];
  const at = (name: string, value: number): URL => {
    const url = new URL(next);
    url.searchParams.set(name, String(value));
    return url;
  };
  const offset = int(params.get('offset'));
  if (offset !== undefined) {
    const limit = int(params.get('limit')) ?? first.items.length;
    if (limit <= 0 || (first.count - offset) / limit > MAX_PLANNED_PAGES) return undefined;
    for (let o = offset; o < first.count; o += limit) urls.push(at('offset', o));
    return urls;
  }
  const page = int(params.get('page'));
  if (page !== undefined) {
    // A page followed by `next` is full, and its length is the page size the server really used
    // (DRF caps `pageSize` at its max silently and keeps the asked-for value in `next`).
    const size = first.items.length || (int(params.get('pageSize')) ?? int(params.get('page_size')) ?? 0);
    if (size <= 0) return undefined;
    const pages = Math.ceil(first.count / size);
    if (pages - page > MAX_PLANNED_PAGES) return undefined;
    for (let p = page; p <= pages; p++) urls.push(at('page', p));
    return urls;
  }
  return undefined;
}

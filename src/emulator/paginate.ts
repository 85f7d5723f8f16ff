/**
 * DRF pagination, both styles the docs show. A request naming `offset` gets limit/offset paging, one
 * naming `page` gets page-number paging, one naming neither gets the emulator's default style; the page
 * size comes from `limit`, `pageSize` or `page_size`, capped silently at the maximum. `next` and
 * `previous` are absolute URLs keeping every other query parameter. A page past the end is
 * DRF's 404 `{"detail": "Invalid page."}` (offset paging just returns no results).
 */
import type { PagingStyle } from './options.js';

export interface PagingDefaults {
  style: PagingStyle;
  pageSize: number;
  maxPageSize: number;
  /** Whether contact listings honour `ordering=-created_at` (default true). */
  ordering?: boolean;
}

export type PageResult<T> =
  | { ok: true; count: number; next: string | null; previous: string | null; results: readonly T[] }
  | { ok: false; status: 404; body: { detail: string } };

const positive = (value: string | null): number | undefined => {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number.parseInt(value, 10);
  return n > 0 ? n : undefined;
};

export function paginate<T>(items: readonly T[], url: URL, defaults: PagingDefaults): PageResult<T> {
  const params = url.searchParams;
  const style: PagingStyle = params.has('offset') ? 'offset' : params.has('page') ? 'page' : defaults.style;
  const sizes = ['limit', 'pageSize', 'page_size'].map((name) => positive(params.get(name)));
  const ordered = style === 'offset' ? sizes : [sizes[1], sizes[2], sizes[0]];
  const size = Math.min(ordered.find((s) => s !== undefined) ?? defaults.pageSize, defaults.maxPageSize);
  const count = items.length;
  const link = (changes: Record<string, number | null>): string => {
    const u = new URL(url);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) u.searchParams.delete(name);
      else u.searchParams.set(name, String(value));
    }
    return u.href;
  };

  if (style === 'offset') {
    const offset = Math.min(positive(params.get('offset')) ?? 0, count);
    return {
      ok: true,
      count,
      next: offset + size < count ? link({ limit: size, offset: offset + size }) : null,
      previous:
        offset <= 0
          ? null
          : offset - size <= 0
            ? link({ limit: size, offset: null })
            : link({ limit: size, offset: offset - size }),
      results: items.slice(offset, offset + size),
    };
  }

  const pages = Math.max(1, Math.ceil(count / size));
  const raw = params.get('page');
  const page = raw === 'last' ? pages : raw === null ? 1 : positive(raw);
  if (page === undefined || page > pages)
    return { ok: false, status: 404, body: { detail: 'Invalid page.' } };
  return {
    ok: true,
    count,
    next: page < pages ? link({ page: page + 1 }) : null,
    previous: page <= 1 ? null : page - 1 === 1 ? link({ page: null }) : link({ page: page - 1 }),
    results: items.slice((page - 1) * size, page * size),
  };
}

/**
 * A list response -> items plus paging hints. Accepts the DRF envelope `{count, next, previous,
 * results}`, `results` nested one level too deep (DOC-EN's example `"results": [[{…}]]`), and a bare array.
 */
export interface RawPage {
  /** Total number of items across all pages, when the server says. */
  count?: number;
  next: string | null;
  /** The page before, when the server says (walking a listing backwards). */
  previous?: string | null;
  items: unknown[];
}

export function normalizePage(body: unknown): RawPage | undefined {
  if (Array.isArray(body)) return { next: null, items: body.flat(Infinity) };
  if (body === null || typeof body !== 'object') return undefined;
  const envelope = body as Record<string, unknown>;
  if (!Array.isArray(envelope['results'])) return undefined;
  const page: RawPage = {
    next: typeof envelope['next'] === 'string' && envelope['next'] !== '' ? envelope['next'] : null,
    items: envelope['results'].flat(Infinity),
  };
  const previous = envelope['previous'];
  if (typeof previous === 'string' && previous !== '') page.previous = previous;
  const count = envelope['count'];
  if (typeof count === 'number' && Number.isInteger(count) && count >= 0) page.count = count;
  return page;
}

/** The emulator's options, shared by `startEmulator` and `mai-contacts emulator`. */
import type { SeedObjects } from './seed-resources.js';

/**
 * The response shape served:
 * - `seed`: the seed's documented response (`inboxName`, millisecond-epoch timestamps, camelCase);
 * - `current`: DOC-EN's (`inboxes [{id, name}]` and `inbox {id, name}`, ISO timestamps, camelCase);
 * - `examples`: the snake_case response blocks of the official examples (`source_id`, `created_at`,
 *   `inboxes`, ISO timestamps) with limit/offset paging.
 */
export type Variant = 'seed' | 'current' | 'examples';
export const VARIANTS: readonly Variant[] = ['seed', 'current', 'examples'];

export type PagingStyle = 'page' | 'offset';

export interface FaultOptions {
  /** Added before every response, with a timer. */
  latencyMs: number;
  /** Share of requests answered 503 or 500 without doing anything. */
  errorRate: number;
  /** Share of requests answered 429 with `Retry-After`. */
  throttleRate: number;
  /** Share of requests whose connection is dropped without a response, after a write is committed. */
  resetRate: number;
  /** Requests per second above which 429 with `Retry-After` is answered (0: no cap). */
  maxRps: number;
  /** `Retry-After` of `--throttle-rate` answers, in seconds. */
  retryAfterSeconds: number;
  /**
   * Contacts inserted at the front of an inbox's listing, or removed from it, before each contact page
   * after the first is answered (the listing moves while it is paged; see listing-shift.ts). 0: never.
   */
  listingShift: number;
  /** Writes (POST, PUT, PATCH, DELETE) are committed, then never answered (the connection stays open). */
  hangWrites: boolean;
}

export interface EmulatorOptions extends Partial<FaultOptions> {
  /** 0: an ephemeral port (default 8787 on the CLI, 0 here). */
  port?: number;
  host?: string;
  /** Generated when absent. */
  apiKey?: string;
  variant?: Variant;
  /** camelCase inside queryMetadata too (`knowledgeBases`, `hasUserSelectedAll` …). */
  camelMetadata?: boolean;
  /** Paging style when a request names neither `page` nor `offset` (default: `offset` for `examples`, else `page`). */
  paging?: PagingStyle;
  /** DOC-EN's documented bug: `"results": [[…]]`. */
  nestResults?: boolean;
  /** Default page size (20, EX README's `limit` default). */
  pageSize?: number;
  /** Largest page size honoured (100); larger requests are capped silently, like DRF. */
  maxPageSize?: number;
  /** Honour `ordering=-created_at` on contact listings (default true; false: always oldest first). */
  ordering?: boolean;
  /** Seed of the PRNG behind ids, keys and faults: the same seed repeats a sequential run. */
  seed?: number;
  /** Persist contacts and resources here (loaded at start, written after changes and at close). */
  dataFile?: string;
  /** Declare the inboxes, knowledge bases, labels, files and FAQs this config refers to. */
  seedObjects?: SeedObjects;
}

export interface Shape {
  variant: Variant;
  camelMetadata: boolean;
  nestResults: boolean;
}

export const DEFAULT_FAULTS: FaultOptions = {
  latencyMs: 0,
  errorRate: 0,
  throttleRate: 0,
  resetRate: 0,
  maxRps: 0,
  retryAfterSeconds: 1,
  listingShift: 0,
  hangWrites: false,
};

export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_MAX_PAGE_SIZE = 100;

export function defaultPaging(variant: Variant): PagingStyle {
  return variant === 'examples' ? 'offset' : 'page';
}

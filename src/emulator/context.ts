/** What every route handler gets, and what it returns. */
import type { ContactStore } from './contact-store.js';
import type { Shape } from './options.js';
import type { PagingDefaults } from './paginate.js';
import type { Resources } from './resources.js';
import type { EmulatorStats } from './stats.js';

export interface EmulatorContext {
  store: ContactStore;
  resources: Resources;
  stats: EmulatorStats;
  shape: Shape;
  paging: PagingDefaults;
  newId(): string;
  now(): number;
  /** A write happened (persistence). */
  changed(): void;
}

export interface RouteRequest {
  method: string;
  /** Absolute, as the client asked (the Host header's authority), for `next` links. */
  url: URL;
  /** Path segments after the resource name, e.g. the contact id. */
  params: string[];
  /** Parsed JSON body of POST / PUT / PATCH. */
  body: unknown;
}

export interface Reply {
  status: number;
  /** JSON body; none for 204. */
  body?: unknown;
  /** The body already serialised (listings assemble cached contact JSON). */
  json?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: EmulatorContext, req: RouteRequest) => Reply;

export const notFound = (): Reply => ({ status: 404, body: { detail: 'Not found.' } });

/**
 * The MaiAgent API client. Writes send the resolved (seed-shaped) body; reads fold every documented
 * response variant into LiveContact and the listing item types. Shared by all calls of one client:
 * the rate cap, the retry policy and the audit hook.
 */
import type { ContactBody } from '../resolve/types.js';
import { apiError } from './api-error.js';
import { checkApiKey } from './api-key.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { findCreated, type FoundPage } from './find-created.js';
import { listPages } from './list-pages.js';
import { normalizeContact, type NormalizeContext } from './normalize-contact.js';
import {
  normalizeFaq,
  normalizeFile,
  normalizeInbox,
  normalizeKnowledgeBase,
  normalizeLabel,
} from './normalize-listing.js';
import { normalizePage } from './normalize-page.js';
import { createRateLimiter, UNLIMITED } from './rate-limiter.js';
import { requestWithRetry, type RetryOptions } from './request-with-retry.js';
import { createTransport } from './send-request.js';
import { shapeContactBody, type InboxField } from './shape-contact-body.js';
import type {
  AuditHook,
  FaqItem,
  FileItem,
  InboxItem,
  KnowledgeBaseItem,
  LabelItem,
  LiveContact,
} from './types.js';
import { ApiError } from '../errors.js';

export interface ClientOptions {
  /** e.g. `https://api.maiagent.ai/api` or `…/api/v1` (checked by checkBaseUrl when read from the environment). */
  baseUrl: string;
  apiKey: string;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first (default 5). */
  retries?: number;
  /** Requests per second across all concurrent calls (default: no cap). */
  maxRps?: number;
  audit?: AuditHook;
  /** Rewrites the inbox of every written body to this shape (default: send the body as given). */
  inboxField?: InboxField;
  /** Pages fetched at once when a listing's size is known (default 8). */
  concurrency?: number;
  /** Page size asked for (default 100; the server may cap it). */
  pageSize?: number;
  /** Connections kept open to the API (default: `concurrency`, at least 8). */
  connections?: number;
  /** Pages of one listing at most, before it is taken as never ending (default 100,000). */
  maxPages?: number;
  backoff?: Partial<BackoffOptions>;
}

export interface MaiAgentClient {
  /** Every contact of an inbox, all pages. */
  listContacts(inboxId: string): Promise<LiveContact[]>;
  /** Undefined when the contact does not exist (404). */
  getContact(id: string): Promise<LiveContact | undefined>;
  /** POST; an outcome-unknown failure throws ApiError with `details.outcomeUnknown`. */
  createContact(body: ContactBody): Promise<LiveContact>;
  /** PUT (a full update with the resolved body). */
  updateContact(id: string, body: ContactBody): Promise<LiveContact>;
  /** PATCH: only the given fields (e.g. a revoke of one copy among several with the same source_id). */
  patchContact(id: string, fields: Partial<ContactBody>): Promise<LiveContact>;
  /** True when deleted now, false when it was already gone (404). */
  deleteContact(id: string): Promise<boolean>;
  /** `query=<sourceId>` (a fuzzy match on the server), then an exact match here. */
  findBySourceId(inboxId: string, sourceId: string): Promise<LiveContact | undefined>;
  /**
   * The contact a create sent at `sentAt` (ms since the epoch, this machine's clock) may have made:
   * like findBySourceId, but reading only contacts created since (newest first, see find-created.ts),
   * so it costs one or two requests whatever the inbox's size.
   */
  findCreated(inboxId: string, sourceId: string, sentAt: number): Promise<LiveContact | undefined>;
  listInboxes(): Promise<InboxItem[]>;
  listKnowledgeBases(): Promise<KnowledgeBaseItem[]>;
  listLabels(knowledgeBaseId: string): Promise<LabelItem[]>;
  listFiles(knowledgeBaseId: string): Promise<FileItem[]>;
  listFaqs(knowledgeBaseId: string): Promise<FaqItem[]>;
  /**
   * Aborts every request in flight (they fail with `details.interrupted`, a POST also with
   * `outcomeUnknown`) and refuses every later one: nothing is sent after it (SIGINT / SIGTERM).
   */
  abort(): void;
  /** Closes idle connections (the client cannot be used afterwards). */
  close(): Promise<void>;
}

export function createClient(options: ClientOptions): MaiAgentClient {
  checkApiKey(options.apiKey, 'the API key');
  const base = options.baseUrl.replace(/\/+$/, '');
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const transport = createTransport(base, { connections: options.connections ?? Math.max(8, concurrency) });
  const retry: RetryOptions = {
    transport,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 5,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    limiter: options.maxRps ? createRateLimiter({ ratePerSecond: options.maxRps }) : UNLIMITED,
  };
  if (options.audit) retry.audit = options.audit;
  const pageSize = String(options.pageSize ?? 100);

  // URLs without parameters are parsed once (every create POSTs to the same one); nobody mutates them.
  const plainUrls = new Map<string, URL>();
  const url = (path: string, params?: Record<string, string>): URL => {
    if (!params) {
      let u = plainUrls.get(path);
      if (!u) {
        u = new URL(`${base}/${path}`);
        if (plainUrls.size < 64) plainUrls.set(path, u);
      }
      return u;
    }
    const u = new URL(`${base}/${path}`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u;
  };
  /** Page-size hints for whichever paging style the server uses (the others are ignored). */
  const listUrl = (path: string, params: Record<string, string> = {}): URL =>
    url(path, { ...params, pageSize, page_size: pageSize, limit: pageSize });
  const id = (value: string): string => encodeURIComponent(value);

  const unexpected = (method: string, u: URL, what: string): ApiError =>
    new ApiError(`${method} ${u.pathname}${u.search} returned an unexpected response (${what})`, {
      method,
      path: `${u.pathname}${u.search}`,
    });

  const list = async (first: URL): Promise<unknown[]> =>
    listPages(
      first,
      async (u) => {
        const response = await requestWithRetry(retry, 'GET', u);
        const page = normalizePage(response.body);
        if (!page) throw unexpected('GET', u, 'not a list');
        return page;
      },
      concurrency,
      options.maxPages,
    );

  const listOf = async <T>(path: string, normalize: (raw: unknown) => T | undefined): Promise<T[]> => {
    const first = listUrl(path);
    return (await list(first)).map((raw) => normalize(raw) ?? failItem(first));
  };
  const failItem = (u: URL): never => {
    throw unexpected('GET', u, 'an item without an id');
  };

  const contacts = async (params: Record<string, string>, inboxId: string): Promise<LiveContact[]> => {
    const first = listUrl('contacts/', { inbox: inboxId, inboxes: inboxId, ...params });
    const context: NormalizeContext = { inboxId };
    const wanted = inboxId.toLowerCase();
    return (await list(first))
      .map((raw) => normalizeContact(raw, context) ?? failItem(first))
      .filter((c) => c.inboxIds.includes(wanted));
  };

  const write = async (method: 'POST' | 'PUT', u: URL, body: ContactBody): Promise<LiveContact> => {
    const shaped = shapeContactBody(body, options.inboxField);
    const response = await requestWithRetry(retry, method, u, shaped);
    const inboxId = shaped.inbox ?? shaped.inboxes?.[0]?.id;
    const contact = normalizeContact(response.body, inboxId ? { inboxId } : {});
    if (contact) return contact;
    const path = `${u.pathname}${u.search}`;
    // The write landed but we cannot tell the contact's id: let the caller look it up.
    throw apiError({
      method,
      path,
      apiKey: options.apiKey,
      reason: 'a response without a contact',
      outcomeUnknown: true,
    });
  };

  const findBySourceId = async (inboxId: string, sourceId: string): Promise<LiveContact | undefined> => {
    if (sourceId === '') return undefined; // anonymous contacts have none: nothing to find by
    const found = await contacts({ query: sourceId }, inboxId);
    return found.find((c) => c.sourceId === sourceId);
  };

  return {
    listContacts: (inboxId) => contacts({}, inboxId),

    async getContact(contactId) {
      const u = url(`contacts/${id(contactId)}/`);
      try {
        const response = await requestWithRetry(retry, 'GET', u);
        return normalizeContact(response.body) ?? failItem(u);
      } catch (error) {
        if (error instanceof ApiError && error.details.status === 404) return undefined;
        throw error;
      }
    },

    createContact: (body) => write('POST', url('contacts/'), body),
    updateContact: (contactId, body) => write('PUT', url(`contacts/${id(contactId)}/`), body),
    async patchContact(contactId, fields) {
      const u = url(`contacts/${id(contactId)}/`);
      const response = await requestWithRetry(retry, 'PATCH', u, fields);
      return normalizeContact(response.body) ?? failItem(u);
    },

    async deleteContact(contactId) {
      try {
        await requestWithRetry(retry, 'DELETE', url(`contacts/${id(contactId)}/`));
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.details.status === 404) return false;
        throw error;
      }
    },

    findBySourceId,

    async findCreated(inboxId, sourceId, sentAt) {
      if (sourceId === '') return undefined;
      const first = listUrl('contacts/', {
        inbox: inboxId,
        inboxes: inboxId,
        query: sourceId,
        ordering: '-created_at',
      });
      const wanted = inboxId.toLowerCase();
      const context: NormalizeContext = { inboxId };
      const fetchPage = async (u: URL): Promise<FoundPage> => {
        const response = await requestWithRetry(retry, 'GET', u);
        const page = normalizePage(response.body);
        if (!page) throw unexpected('GET', u, 'not a list');
        const date = Date.parse(response.header('date') ?? '');
        return {
          page,
          contacts: page.items.map((raw) => normalizeContact(raw, context) ?? failItem(u)),
          skewMs: Number.isNaN(date) ? undefined : date - Date.now(),
        };
      };
      return findCreated(
        first,
        fetchPage,
        (c) => c.sourceId === sourceId && c.inboxIds.includes(wanted),
        sentAt,
        () => findBySourceId(inboxId, sourceId),
      );
    },

    listInboxes: () => listOf('inboxes/', normalizeInbox),
    listKnowledgeBases: () => listOf('knowledge-bases/', normalizeKnowledgeBase),
    listLabels: (kb) => listOf(`knowledge-bases/${id(kb)}/labels/`, normalizeLabel),
    listFiles: (kb) => listOf(`knowledge-bases/${id(kb)}/files/`, normalizeFile),
    listFaqs: (kb) => listOf(`knowledge-bases/${id(kb)}/faqs/`, normalizeFaq),
    abort: () => transport.abort(),
    close: () => transport.close(),
  };
}

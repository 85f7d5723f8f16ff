/**
 * Path -> handler. Both prefixes (`/api/` and `/api/v1/`) serve the same routes; the trailing slash
 * is optional (the seed's curl example posts to `/api/contacts`). Unknown paths are DRF's 404,
 * known paths with another method its 405.
 */
import * as contacts from './contact-routes.js';
import type { Handler } from './context.js';
import * as resources from './resource-routes.js';

type Methods = Partial<Record<string, Handler>>;

interface Route {
  /** Segments; `*` matches one id. */
  pattern: string[];
  methods: Methods;
}

const ROUTES: Route[] = [
  { pattern: ['contacts'], methods: { GET: contacts.listContacts, POST: contacts.createContact } },
  {
    pattern: ['contacts', '*'],
    methods: {
      GET: contacts.getContact,
      PUT: contacts.replaceContact,
      PATCH: contacts.patchContact,
      DELETE: contacts.deleteContact,
    },
  },
  { pattern: ['inboxes'], methods: { GET: resources.listInboxes } },
  { pattern: ['inboxes', '*'], methods: { GET: resources.getInbox } },
  { pattern: ['knowledge-bases'], methods: { GET: resources.listKnowledgeBases } },
  { pattern: ['knowledge-bases', '*'], methods: { GET: resources.getKnowledgeBase } },
  ...(['labels', 'files', 'faqs'] as const).flatMap((part) => [
    { pattern: ['knowledge-bases', '*', part], methods: { GET: resources.knowledgeBasePart(part) } },
    { pattern: ['knowledge-bases', '*', part, '*'], methods: { GET: resources.knowledgeBasePart(part) } },
  ]),
];

export type RouteMatch =
  | { kind: 'handler'; handler: Handler; params: string[] }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string[] };

/** Segments below `/api/` or `/api/v1/`, or undefined for any other path. */
export function apiSegments(pathname: string): string[] | undefined {
  const match = /^\/api(?:\/v1)?(\/.*)?$/.exec(pathname);
  if (!match) return undefined;
  return (match[1] ?? '/').split('/').filter(Boolean).map(decodeURIComponent);
}

export function route(method: string, pathname: string): RouteMatch {
  let segments: string[] | undefined;
  try {
    segments = apiSegments(pathname);
  } catch {
    return { kind: 'not-found' };
  }
  if (!segments) return { kind: 'not-found' };
  for (const r of ROUTES) {
    if (r.pattern.length !== segments.length) continue;
    const params: string[] = [];
    const matches = r.pattern.every((p, i) => {
      const s = segments[i] as string;
      if (p === '*') params.push(s);
      return p === '*' || p === s;
    });
    if (!matches) continue;
    const handler = r.methods[method];
    if (handler) return { kind: 'handler', handler, params };
    return { kind: 'method-not-allowed', allow: Object.keys(r.methods) };
  }
  return { kind: 'not-found' };
}

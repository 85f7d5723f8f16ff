/** Stored objects -> the JSON of the chosen variant (see options.ts `Variant`). */
import type { StoredContact } from './contact-store.js';
import { camelize, camelizeDeep } from '../util/key-case.js';
import type { Shape } from './options.js';

type Json = Record<string, unknown>;

/** ISO strings of millisecond timestamps, memoised (listings render the same few again and again). */
const isoCache = new Map<number, string>();
function iso(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    if (isoCache.size >= 10_000) isoCache.clear();
    text = new Date(ms).toISOString();
    isoCache.set(ms, text);
  }
  return text;
}

export function presentContact(c: StoredContact, shape: Shape, inboxName: (id: string) => string): Json {
  const metadata = c.queryMetadata && shape.camelMetadata ? camelizeDeep(c.queryMetadata) : c.queryMetadata;
  const inboxes = c.inboxIds.map((id) => ({ id, name: inboxName(id) }));
  switch (shape.variant) {
    case 'seed':
      return {
        id: c.id,
        inboxName: inboxes[0]?.name ?? '',
        name: c.name,
        avatar: c.avatar,
        sourceId: c.sourceId,
        queryMetadata: metadata,
        createdAt: String(c.createdAt),
        updatedAt: String(c.updatedAt),
      };
    case 'current':
      return {
        id: c.id,
        inboxes,
        inbox: inboxes[0] ?? null,
        name: c.name,
        avatar: c.avatar,
        phoneNumber: c.phoneNumber,
        email: c.email,
        sourceId: c.sourceId,
        queryMetadata: metadata,
        mcpCredentials: [],
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.updatedAt),
      };
    case 'examples':
      return {
        id: c.id,
        name: c.name,
        email: c.email,
        phone_number: c.phoneNumber,
        avatar: c.avatar,
        source_id: c.sourceId,
        query_metadata: metadata,
        inboxes,
        mcp_credentials: [],
        created_at: iso(c.createdAt),
        updated_at: iso(c.updatedAt),
      };
  }
}

/** Any other body (listing items, errors): snake_case inside, camelized unless the variant is snake_case. */
export function presentOther(body: unknown, shape: Shape): unknown {
  return shape.variant === 'examples' ? body : camelizeDeep(body);
}

/** DRF field errors with camelized field names (`{"sourceId": ["…"]}`). */
export function presentErrors(errors: Record<string, unknown>, shape: Shape): Json {
  if (shape.variant === 'examples') return errors;
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [camelize(k), v]));
}

const rendered = new WeakMap<StoredContact, { rev: number; json: string }>();

/** `presentContact` as JSON text, cached per contact revision (the emulator's shape never changes). */
export function renderContact(c: StoredContact, shape: Shape, inboxName: (id: string) => string): string {
  const hit = rendered.get(c);
  if (hit && hit.rev === c.rev) return hit.json;
  const json = JSON.stringify(presentContact(c, shape, inboxName));
  rendered.set(c, { rev: c.rev, json });
  return json;
}

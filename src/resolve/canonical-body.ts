/**
 * Canonical form and digest of a contact request body. Whatever the source (the resolver, the state
 * file, a body normalised from the live API), the same meaning gives the same canonical JSON:
 * - keys sorted at every depth; camelCase keys inside query_metadata read as snake_case;
 * - the inbox compared by id whatever its shape (`inbox: "id"`, `inbox: {id}`, `inboxes: [{id}]`);
 * - id lists that are sets (chatbot_file_ids, faq_ids, label conditions) sorted, each id once, UUIDs
 *   lower-cased; knowledge_bases sorted by knowledge_base_id;
 * - `has_user_selected_all` spelled "True"/"False" whatever came in (true, "true", "TRUE" ...; absent is "False");
 * - an absent, null or empty avatar / source_id is absent; a null label_relations is absent.
 * Only the fields mai-contacts manages are kept (name, avatar, source_id, inbox, query_metadata).
 *
 * query_metadata objects are canonicalised once per object identity (canonical-metadata.ts).
 */
import { sha256 } from '../util/sha256.js';
import { cachedMetadata, canonicalQueryMetadata, type Json } from './canonical-metadata.js';

export { canonicalQueryMetadata, digestQueryMetadata, type Json } from './canonical-metadata.js';

/** Any body-like value: a resolved ContactBody, a state body, or a live contact normalised by the client. */
export interface BodyLike {
  name?: unknown;
  avatar?: unknown;
  source_id?: unknown;
  sourceId?: unknown;
  inbox?: unknown;
  inboxes?: unknown;
  query_metadata?: unknown;
  queryMetadata?: unknown;
}

export interface CanonicalBody {
  avatar?: string;
  /** One inbox id, or the sorted ids when a live contact sits in several. */
  inbox?: string | string[];
  name?: string;
  query_metadata: Json;
  source_id?: string;
}

function inboxIds(body: BodyLike): string[] {
  if (typeof body.inbox === 'string' && body.inboxes === undefined) {
    return body.inbox === '' ? [] : [body.inbox.toLowerCase()]; // the common case, kept fast
  }
  const ids = new Set<string>();
  const add = (v: unknown): void => {
    const raw = typeof v === 'string' ? v : (v as { id?: unknown } | null)?.id;
    if (typeof raw === 'string' && raw !== '') ids.add(raw.toLowerCase());
  };
  if (Array.isArray(body.inboxes)) body.inboxes.forEach(add);
  if (ids.size === 0 && body.inbox !== undefined && body.inbox !== null) add(body.inbox);
  return [...ids].sort();
}

function present(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function canonicalBody(body: BodyLike): CanonicalBody {
  const avatar = present(body.avatar);
  const inbox = inboxIds(body);
  const sourceId = present(body.source_id ?? body.sourceId);
  return {
    ...(avatar !== undefined ? { avatar } : {}),
    ...(inbox.length > 0 ? { inbox: inbox.length === 1 ? inbox[0] : inbox } : {}),
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    query_metadata: canonicalQueryMetadata(body.query_metadata ?? body.queryMetadata),
    ...(sourceId !== undefined ? { source_id: sourceId } : {}),
  };
}

/** The canonical JSON text of a body (keys in sorted order, no whitespace). */
export function canonicalJson(body: BodyLike): string {
  const avatar = present(body.avatar);
  const inbox = inboxIds(body);
  const sourceId = present(body.source_id ?? body.sourceId);
  let json = '{';
  if (avatar !== undefined) json += `"avatar":${JSON.stringify(avatar)},`;
  if (inbox.length > 0) json += `"inbox":${JSON.stringify(inbox.length === 1 ? inbox[0] : inbox)},`;
  if (typeof body.name === 'string') json += `"name":${JSON.stringify(body.name)},`;
  json += `"query_metadata":${cachedMetadata(body.query_metadata ?? body.queryMetadata).json}`;
  if (sourceId !== undefined) json += `,"source_id":${JSON.stringify(sourceId)}`;
  return `${json}}`;
}

/** `sha256:<hex>` of the canonical JSON: equal digests mean the same request, whatever the spelling. */
export function digestBody(body: BodyLike): string {
  return sha256(canonicalJson(body));
}

function inboxKey(body: BodyLike): string {
  if (typeof body.inbox === 'string' && body.inboxes === undefined) return body.inbox.toLowerCase();
  return inboxIds(body).join(',');
}

/**
 * Same meaning? Equivalent to comparing canonicalJson, field by field without building the text: the
 * query_metadata comparison is of two cached strings (the same string when the objects are shared).
 */
export function sameBody(a: BodyLike, b: BodyLike): boolean {
  return (
    a.name === b.name &&
    present(a.source_id ?? a.sourceId) === present(b.source_id ?? b.sourceId) &&
    present(a.avatar) === present(b.avatar) &&
    inboxKey(a) === inboxKey(b) &&
    cachedMetadata(a.query_metadata ?? a.queryMetadata).json ===
      cachedMetadata(b.query_metadata ?? b.queryMetadata).json
  );
}

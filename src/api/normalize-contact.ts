/**
 * Any documented contact response -> one LiveContact: camelCase or snake_case keys at any depth
 * (including inside queryMetadata), `inboxName` / `inbox` (id or `{id, name}`) / `inboxes [{id, name}]`,
 * millisecond or ISO timestamps, null, absent or JSON-string metadata.
 */
import type { QueryMetadata } from '../resolve/types.js';
import { normalizeTimestamp } from './normalize-timestamp.js';
import { snakeCase, snakeKeysDeep } from '../util/key-case.js';
import type { LiveContact } from './types.js';

export interface NormalizeContext {
  /** The inbox a listing or lookup was filtered by: fills `inboxIds` when the response names none. */
  inboxId?: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The contact, or undefined when `raw` is not a contact object with an id. */
export function normalizeContact(raw: unknown, context: NormalizeContext = {}): LiveContact | undefined {
  if (!isObject(raw)) return undefined;
  // Top-level keys are folded one by one (memoised); only the metadata is converted at depth.
  const s: Json = {};
  for (const key of Object.keys(raw)) s[snakeCase(key)] = raw[key];
  if (typeof s['id'] !== 'string' && typeof s['id'] !== 'number') return undefined;
  const inboxes = readInboxes(s);
  if (inboxes.ids.length === 0 && context.inboxId) inboxes.ids.push(context.inboxId.toLowerCase());
  return {
    id: String(s['id']),
    name: typeof s['name'] === 'string' ? s['name'] : '',
    avatar: typeof s['avatar'] === 'string' && s['avatar'] !== '' ? s['avatar'] : null,
    sourceId: typeof s['source_id'] === 'string' ? s['source_id'] : '',
    inboxIds: inboxes.ids,
    inboxNames: inboxes.names,
    queryMetadata: readQueryMetadata(
      s['query_metadata'] === undefined ? undefined : snakeKeysDeep(s['query_metadata']),
    ),
    createdAt: normalizeTimestamp(s['created_at']),
    updatedAt: normalizeTimestamp(s['updated_at']),
  };
}

function readInboxes(s: Json): { ids: string[]; names: string[] } {
  const ids: string[] = [];
  const names: string[] = [];
  const add = (entry: unknown): void => {
    if (typeof entry === 'string') {
      if (entry) ids.push(entry.toLowerCase());
    } else if (isObject(entry)) {
      if (typeof entry['id'] === 'string' && entry['id']) ids.push(entry['id'].toLowerCase());
      if (typeof entry['name'] === 'string') names.push(entry['name']);
    }
  };
  if (Array.isArray(s['inboxes'])) s['inboxes'].forEach(add);
  add(s['inbox']);
  if (typeof s['inbox_id'] === 'string') add(s['inbox_id']);
  if (typeof s['inbox_name'] === 'string') names.push(s['inbox_name']);
  return { ids: [...new Set(ids)], names: [...new Set(names)] };
}

function readQueryMetadata(value: unknown): QueryMetadata | null {
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    try {
      return readQueryMetadata(snakeKeysDeep(JSON.parse(value)));
    } catch {
      return null;
    }
  }
  return isObject(value) ? value : null;
}

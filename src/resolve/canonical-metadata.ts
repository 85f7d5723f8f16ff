/**
 * The canonical form of a query_metadata (see canonical.ts for the rules), computed once per object
 * identity: all contacts of a tier share one object, from the resolver and from the state file's pool.
 */
import { sha256 } from '../util/sha256.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CachedMetadata {
  value: Json;
  json: string;
  digest?: string;
}

const metadataCache = new WeakMap<object, CachedMetadata>();

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function snakeCase(key: string): string {
  return /[A-Z]/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

function id(value: unknown): Json {
  if (typeof value === 'string') return UUID.test(value) ? value.toLowerCase() : value;
  return generic(value);
}

function idSet(value: unknown): Json[] {
  if (!Array.isArray(value)) return value === undefined || value === null ? [] : [generic(value)];
  const ids = value.map(id);
  if (ids.every((i) => typeof i === 'string')) return [...new Set(ids)].sort();
  return ids;
}

function trueFalse(value: unknown): Json {
  if (value === undefined || value === null || value === false) return 'False';
  if (value === true) return 'True';
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) {
    return value.toLowerCase() === 'true' ? 'True' : 'False';
  }
  return generic(value);
}

function compareJson(a: Json, b: Json): number {
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Keys sorted and snake_cased at every depth; arrays keep their order. */
function generic(value: unknown): Json {
  if (Array.isArray(value)) return value.map(generic);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value)
      .map((k) => [snakeCase(k), k] as const)
      .sort(byFirst)) {
      out[key[0]] = generic((value as Record<string, unknown>)[key[1]]);
    }
    return out;
  }
  if (value === undefined) return null;
  return value as Json;
}

function byFirst(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Reads an object with snake_cased keys (later spelling wins over an earlier one of the same key). */
function snakeEntries(value: object): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) map.set(snakeCase(key), v);
  return map;
}

function sortedObject(map: Map<string, Json>): { [key: string]: Json } {
  const out: Record<string, Json> = {};
  for (const key of [...map.keys()].sort()) out[key] = map.get(key) as Json;
  return out;
}

function knowledgeBase(value: unknown): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return generic(value);
  const fields = snakeEntries(value);
  const out = new Map<string, Json>();
  for (const [key, v] of fields) {
    if (key === 'knowledge_base_id') out.set(key, id(v));
    else if (key === 'chatbot_file_ids' || key === 'faq_ids') out.set(key, idSet(v));
    else if (key === 'has_user_selected_all') out.set(key, trueFalse(v));
    else out.set(key, generic(v));
  }
  if (!out.has('chatbot_file_ids')) out.set('chatbot_file_ids', []);
  if (!out.has('faq_ids')) out.set('faq_ids', []);
  if (!out.has('has_user_selected_all')) out.set('has_user_selected_all', 'False');
  return sortedObject(out);
}

function kbKey(entry: Json): string {
  const kbId = (entry as { knowledge_base_id?: Json } | null)?.knowledge_base_id;
  return typeof kbId === 'string' ? kbId : '';
}

function labelCondition(value: unknown): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return generic(value);
  const out = new Map<string, Json>();
  for (const [key, v] of snakeEntries(value)) {
    if (key === 'label_id') out.set(key, id(v));
    else if (key === 'operator') out.set(key, typeof v === 'string' ? v.toUpperCase() : generic(v));
    else if (key === 'conditions' && Array.isArray(v)) {
      const conditions = v.map(labelCondition).sort(compareJson);
      out.set(
        key,
        conditions.filter((c, i) => i === 0 || compareJson(c, conditions[i - 1] as Json) !== 0),
      );
    } else out.set(key, generic(v));
  }
  return sortedObject(out);
}

function computeMetadata(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return generic(value);
  const out = new Map<string, Json>();
  for (const [key, v] of snakeEntries(value)) {
    if (key === 'knowledge_bases' && Array.isArray(v)) {
      const entries = v.map(knowledgeBase);
      entries.sort((a, b) => {
        const ka = kbKey(a);
        const kb = kbKey(b);
        return ka < kb ? -1 : ka > kb ? 1 : compareJson(a, b);
      });
      out.set(key, entries);
    } else if (key === 'label_relations') {
      if (v !== null && v !== undefined) out.set(key, labelCondition(v));
    } else out.set(key, generic(v));
  }
  return sortedObject(out);
}

export function cachedMetadata(value: unknown): CachedMetadata {
  if (value === null || typeof value !== 'object') {
    const canonical = computeMetadata(value);
    return { value: canonical, json: JSON.stringify(canonical) };
  }
  let cached = metadataCache.get(value);
  if (!cached) {
    const canonical = computeMetadata(value);
    cached = { value: canonical, json: JSON.stringify(canonical) };
    metadataCache.set(value, cached);
  }
  return cached;
}

/** The canonical form of a query_metadata value (null when absent). Do not mutate the result. */
export function canonicalQueryMetadata(value: unknown): Json {
  return cachedMetadata(value).value;
}

/** sha256 of a query_metadata's canonical JSON, cached per object. */
export function digestQueryMetadata(value: unknown): string {
  const cached = cachedMetadata(value);
  cached.digest ??= sha256(cached.json);
  return cached.digest;
}

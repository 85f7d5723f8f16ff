/**
 * A semantic diff of two bodies: the paths of the fields whose meaning differs, sorted. Knowledge-base
 * entries are named by id: `query_metadata.knowledge_bases[<id>]` (granted or withdrawn as a whole) or
 * `query_metadata.knowledge_bases[<id>].faq_ids` (changed inside).
 */
import { canonicalBody, type BodyLike, type Json } from '../resolve/canonical-body.js';

const TOP_LEVEL = ['avatar', 'inbox', 'name', 'source_id'] as const;

function same(a: Json | undefined, b: Json | undefined): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function byKnowledgeBase(list: Json | undefined): Map<string, { [key: string]: Json }> | undefined {
  if (!Array.isArray(list)) return undefined;
  const map = new Map<string, { [key: string]: Json }>();
  for (const entry of list) {
    if (!isObject(entry) || typeof entry['knowledge_base_id'] !== 'string') return undefined;
    if (map.has(entry['knowledge_base_id'])) return undefined; // the same KB twice: compare the list whole
    map.set(entry['knowledge_base_id'], entry);
  }
  return map;
}

function diffKnowledgeBases(before: Json | undefined, after: Json | undefined, out: string[]): void {
  const a = byKnowledgeBase(before);
  const b = byKnowledgeBase(after);
  if (!a || !b) {
    if (!same(before, after)) out.push('query_metadata.knowledge_bases');
    return;
  }
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const ea = a.get(id);
    const eb = b.get(id);
    const path = `query_metadata.knowledge_bases[${id}]`;
    if (!ea || !eb) {
      out.push(path);
      continue;
    }
    for (const key of new Set([...Object.keys(ea), ...Object.keys(eb)])) {
      if (!same(ea[key], eb[key])) out.push(`${path}.${key}`);
    }
  }
}

export function diffBodies(before: BodyLike, after: BodyLike): string[] {
  const a = canonicalBody(before);
  const b = canonicalBody(after);
  const out: string[] = [];
  for (const key of TOP_LEVEL) if (!same(a[key], b[key])) out.push(key);
  const qa = a.query_metadata;
  const qb = b.query_metadata;
  if (isObject(qa) && isObject(qb)) {
    for (const key of new Set([...Object.keys(qa), ...Object.keys(qb)])) {
      if (key === 'knowledge_bases') diffKnowledgeBases(qa[key], qb[key], out);
      else if (!same(qa[key], qb[key])) out.push(`query_metadata.${key}`);
    }
  } else if (!same(qa, qb)) {
    out.push('query_metadata');
  }
  return out.sort();
}

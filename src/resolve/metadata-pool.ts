/**
 * One frozen object per distinct query_metadata read from MaiAgent. A listing parses each contact's
 * query_metadata anew, so 100,000 contacts of six tiers arrive as 100,000 objects; shared, each distinct
 * one is put in canonical form, digested (canonical-metadata.ts caches by object) and written into a
 * JSON plan once, as the resolver's tier objects are. Objects are merged only when they are the same
 * JSON (the same keys in the same order, the same values), so a shared object equals each it stands for.
 *
 * A new object is compared with the few most recently seen first (a walk that stops at the first
 * difference, cheaper than writing it out); past that many distinct ones, its JSON text is the key.
 */
import { deepFreeze } from './deep-freeze.js';

/** Distinct objects compared by walking before the pool keys by JSON text. */
const RECENT = 16;

export function metadataPool(): <T>(value: T) => T {
  const recent: unknown[] = [];
  let byText: Map<string, unknown> | undefined;
  return <T>(value: T): T => {
    if (value === null || typeof value !== 'object') return value;
    for (let i = 0; i < recent.length; i++) {
      const known = recent[i];
      if (sameJson(known, value)) return known as T;
    }
    if (recent.length < RECENT) {
      recent.push(deepFreeze(value));
      return value;
    }
    if (!byText) byText = new Map(recent.map((known) => [JSON.stringify(known), known]));
    const key = JSON.stringify(value);
    let shared = byText.get(key);
    if (shared === undefined) byText.set(key, (shared = deepFreeze(value)));
    return shared as T;
  };
}

/** Whether two parsed JSON values are the same JSON text: keys in the same order, values alike. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i] as string;
    if (key !== keysB[i]) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

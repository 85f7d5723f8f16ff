/**
 * The fast parse path: js-yaml with the YAML 1.2 core schema (the same semantics as the `yaml` package's
 * default: no timestamps, no merge keys, the same int/float/bool/null forms), about ten times faster than
 * `yaml`'s Document API on large files because it builds plain values directly and keeps no positions.
 *
 * It only accepts the unremarkable: it answers `undefined` (and the caller takes the exact `yaml` path,
 * which also produces the canonical diagnostics) on any syntax error, any alias, a duplicate key, a
 * non-string or prototype key, a directive, an unknown tag, or nesting near the depth bound. So every
 * hostile-input guarantee of the exact path holds, and positions are only computed when needed.
 */
import { CORE_SCHEMA, defineMappingTag, load } from 'js-yaml';
import { FORBIDDEN_KEYS } from './inspect-yaml-tree.js';
import { parseYamlSimple } from './parse-yaml-simple.js';

/** Thrown out of js-yaml by the mapping tag below, so that the caller falls back. */
const REFUSED = 'refused by the fast path';

type Mapping = Record<string, unknown>;

// Plain objects like `yaml`'s toJS makes; anything but a plain, non-prototype string key is refused.
const strictMapTag = defineMappingTag<Mapping>('tag:yaml.org,2002:map', {
  create: () => ({}),
  identify: (data: unknown) =>
    data !== null && typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype,
  addPair: (map, key, value) => {
    if (typeof key !== 'string' || FORBIDDEN_KEYS.has(key)) return REFUSED;
    map[key] = value;
    return '';
  },
  has: (map, key) => typeof key === 'string' && Object.hasOwn(map, key),
  keys: (map) => Object.keys(map),
  get: (map, key) => map[String(key)],
});

const SCHEMA = CORE_SCHEMA.withTags(strictMapTag);

/** A directive (`%YAML 1.1`, `%TAG`) changes how the document is read: leave it to the exact path. */
const DIRECTIVE = /^%/m;

/**
 * The plain value of `text`, or `undefined` when the exact path must decide. `maxDepth` is the loader's
 * bound: js-yaml counts nesting at least as strictly, so anything near the bound falls back too.
 */
export function parseYamlFast(text: string, maxDepth: number): { value: unknown } | undefined {
  if (DIRECTIVE.test(text)) return undefined;
  const simple = parseYamlSimple(text, maxDepth);
  if (simple) return simple;
  try {
    return { value: load(text, { schema: SCHEMA, maxAliases: 0, maxDepth }) };
  } catch {
    // Any refusal, syntax error, alias, duplicate key, unknown tag or stack overflow.
    return undefined;
  }
}

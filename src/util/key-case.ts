/**
 * The one case converter, both ways. MaiAgent's API (djangorestframework-camel-case) underscoreizes
 * request bodies at every depth and camelizes responses, and may camelize the contents of JSON fields
 * too (`knowledgeBases`, `hasUserSelectedAll` …): the client folds responses back to snake_case, the
 * emulator does what the API does. Key conversions are memoised: listings repeat the same few keys
 * hundreds of thousands of times.
 */
const converted = new Map<string, string>();
const MAX_MEMO = 10_000;

/** `hasUserSelectedAll` -> `has_user_selected_all`; snake_case passes through unchanged. */
export function snakeCase(key: string): string {
  let snake = converted.get(key);
  if (snake === undefined) {
    snake = /[A-Z]/.test(key)
      ? key
          .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
          .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
          .toLowerCase()
      : key;
    if (converted.size >= MAX_MEMO) converted.clear();
    converted.set(key, snake);
  }
  return snake;
}

/** True when some key at some depth of `value` is not snake_case. */
function hasCamelKeys(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasCamelKeys);
  for (const key of Object.keys(value)) {
    if (snakeCase(key) !== key || hasCamelKeys((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/**
 * `value` with every object key in snake_case at any depth. Subtrees already in snake_case are
 * shared, not copied (responses are freshly parsed, so nothing else holds them).
 */
export function snakeKeysDeep(value: unknown): unknown {
  if (!hasCamelKeys(value)) return value;
  if (Array.isArray(value)) return value.map(snakeKeysDeep);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) {
    const snake = snakeCase(key);
    const inner = snakeKeysDeep((value as Record<string, unknown>)[key]);
    if (snake !== '__proto__') out[snake] = inner;
    // a data property even for "__proto__", never the prototype setter
    else
      Object.defineProperty(out, snake, {
        value: inner,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

/** `has_user_selected_all` -> `hasUserSelectedAll` (the library's `[a-z0-9]?_[a-z0-9]` rule). */
export function camelize(key: string): string {
  return key.replace(
    /([a-z0-9]?)_([a-z0-9])/g,
    (_m, before: string, after: string) => before + after.toUpperCase(),
  );
}

/** `value` with every object key camelized at any depth (a copy). */
export function camelizeDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [camelize(k), camelizeDeep(v)]),
  );
}

/**
 * The casing of djangorestframework-camel-case, which MaiAgent's API shows: request bodies are
 * underscoreized at every depth (camelCase or snake_case both accepted), responses are camelized.
 */

/** `has_user_selected_all` -> `hasUserSelectedAll` (the library's `[a-z0-9]?_[a-z0-9]` rule). */
export function camelize(key: string): string {
  return key.replace(
    /([a-z0-9]?)_([a-z0-9])/g,
    (_m, before: string, after: string) => before + after.toUpperCase(),
  );
}

/** `hasUserSelectedAll` -> `has_user_selected_all`. */
export function underscoreize(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

export function mapKeysDeep(value: unknown, map: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeysDeep(v, map));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [map(k), mapKeysDeep(v, map)]),
  );
}

export const camelizeDeep = (value: unknown): unknown => mapKeysDeep(value, camelize);
export const underscoreizeDeep = (value: unknown): unknown => mapKeysDeep(value, underscoreize);

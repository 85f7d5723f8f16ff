/**
 * camelCase -> snake_case keys at any depth. MaiAgent's camel-case renderer may camelize the
 * contents of JSON fields too (`knowledgeBases`, `hasUserSelectedAll` …); reads fold both back.
 */

/** `hasUserSelectedAll` -> `has_user_selected_all`; snake_case passes through unchanged. */
export function snakeCase(key: string): string {
  if (!/[A-Z]/.test(key)) return key;
  return key
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A deep copy of `value` with every object key in snake_case. */
export function snakeKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      snakeCase(key),
      snakeKeysDeep(inner),
    ]),
  );
}

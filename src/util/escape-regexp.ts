/**
 * `text` as a regular expression source that matches exactly `text`, with or without the `u` flag: the
 * syntax characters escaped (outside a character class, `-` and `/` need none, and `u` refuses `\-`).
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

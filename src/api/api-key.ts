/**
 * The API key is checked once, before any request: it travels as `Authorization: Api-Key <key>`, so a
 * character that cannot be sent in a header value (a line break, any control character) is refused at
 * start-up, with a message that names its position and kind but never the key. Spaces and non-ASCII
 * characters are refused too: a MaiAgent key is a token of printable ASCII, and anything else is a
 * copy-paste accident that would only fail later, on every request.
 */
import { UsageError } from '../errors.js';

function kind(code: number): string {
  if (code === 0x0a || code === 0x0d) return 'a line break';
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) return 'a control character';
  if (code === 0x20 || code === 0x09) return 'a space or tab';
  return 'a non-ASCII character';
}

/** The key, or a UsageError naming where it cannot be sent. */
export function checkApiKey(key: string, name = 'MAIAGENT_API_KEY'): string {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 0x21 && code <= 0x7e) continue;
    throw new UsageError(
      `${name} contains ${kind(code)} at position ${i + 1}, which cannot be sent in an HTTP header; ` +
        'set it again without it (no request was sent)',
    );
  }
  return key;
}

/** Whether the environment names an API key (MAIAGENT_API_KEY, not blank). */
export function hasApiKey(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env['MAIAGENT_API_KEY']?.trim());
}

/**
 * The config digest a plan carries: sha256 over the merged config as parsed, i.e. over
 * `JSON.stringify(config)`. Comments, quoting and indentation do not count; the order of keys does.
 * The text is hashed in pieces, never made whole: with a million roster contacts it would be a string
 * of some 100 MB.
 */
import { createHash } from 'node:crypto';
import type { ContactsConfig } from '../config/contacts-config.generated.js';

/** Contacts stringified at a time. */
const BATCH = 1000;

export function digestConfig(config: ContactsConfig): string {
  const hash = createHash('sha256');
  let first = true;
  hash.update('{');
  for (const [key, value] of Object.entries(config)) {
    // A key whose value JSON leaves out (undefined, a function) is left out here too.
    const text = Array.isArray(value) && value.length > BATCH ? undefined : JSON.stringify(value);
    if (text === undefined && !Array.isArray(value)) continue;
    hash.update(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (text !== undefined) {
      hash.update(text);
      continue;
    }
    const list = value as unknown[];
    hash.update('[');
    for (let i = 0; i < list.length; i += BATCH) {
      const part = JSON.stringify(list.slice(i, i + BATCH));
      hash.update(i === 0 ? part.slice(1, -1) : `,${part.slice(1, -1)}`);
    }
    hash.update(']');
  }
  hash.update('}');
  return `sha256:${hash.digest('hex')}`;
}

/**
 * The config digest a plan carries: sha256 over the merged config as parsed. Comments, quoting and
 * indentation do not count; the order of keys does (JSON.stringify keeps it), which keeps this fast on
 * 100,000 contacts.
 */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { sha256 } from '../util/sha256.js';

export function digestConfig(config: ContactsConfig): string {
  return sha256(JSON.stringify(config));
}

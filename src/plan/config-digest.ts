/** The config digest a plan carries: sha256 over the merged config, keys sorted (formatting and comments do not count). */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { sha256 } from './canonical.js';
import { stableStringify } from './stable-json.js';

export function digestConfig(config: ContactsConfig): string {
  return sha256(stableStringify(config));
}

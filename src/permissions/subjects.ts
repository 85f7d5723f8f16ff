/**
 * The subjects of tests and policies: a tier (its own resolved query_metadata) or a contact (by
 * address `<inbox alias>/<source_id>`, or `<inbox UUID>/<source_id>`), with the provenance of
 * every grant so that a failure can point at the config line that caused it.
 */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { inboxAliasOf, lookupInbox } from '../config/references.js';
import { resolverFor, type Resolver } from '../resolve/resolve-contacts.js';
import type { Provenance, QueryMetadata } from '../resolve/types.js';

export interface Subject {
  kind: 'tier' | 'contact';
  /** The tier name or the contact address. */
  name: string;
  queryMetadata: QueryMetadata;
  provenance: Provenance;
  /** For a contact: its index in the merged contacts list. */
  index?: number;
}

export interface Subjects {
  resolver: Resolver;
  tier(name: string): Subject | undefined;
  contact(address: string): Subject | undefined;
  contactAt(index: number): Subject | undefined;
}

export function createSubjects(config: ContactsConfig, resolver: Resolver = resolverFor(config)): Subjects {
  let byAddress: Map<string, number> | undefined;
  const addresses = (): Map<string, number> => {
    if (!byAddress) {
      byAddress = new Map();
      (config.contacts ?? []).forEach((c, i) => {
        const keys = [`${inboxAliasOf(config, c.inbox)}/${c.source_id}`];
        const id = lookupInbox(config, c.inbox);
        if (id) keys.push(`${id}/${c.source_id}`);
        for (const key of keys) if (!byAddress!.has(key)) byAddress!.set(key, i);
      });
    }
    return byAddress;
  };
  const resolved = new Map<number, Subject | undefined>();
  const contactAt = (index: number): Subject | undefined => {
    if (!resolved.has(index)) resolved.set(index, resolveAt(index));
    return resolved.get(index);
  };
  const resolveAt = (index: number): Subject | undefined => {
    try {
      const c = resolver.contact(index);
      return {
        kind: 'contact',
        name: c.address,
        queryMetadata: c.body.query_metadata,
        provenance: c.provenance,
        index,
      };
    } catch {
      return undefined; // unresolvable (an unknown tier, a cycle): another rule reports it
    }
  };
  return {
    resolver,
    tier(name) {
      if (!Object.hasOwn(config.tiers ?? {}, name)) return undefined;
      try {
        const t = resolver.tier(name);
        return { kind: 'tier', name, queryMetadata: t.queryMetadata, provenance: t.provenance };
      } catch {
        return undefined;
      }
    },
    contact(address) {
      const slash = address.indexOf('/');
      const key =
        slash > 0
          ? `${lookupInbox(config, address.slice(0, slash))?.toLowerCase() ?? ''}${address.slice(slash)}`
          : '';
      const index = addresses().get(address) ?? addresses().get(key);
      return index === undefined ? undefined : contactAt(index);
    },
    contactAt,
  };
}

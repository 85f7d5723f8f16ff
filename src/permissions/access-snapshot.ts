/** The reach of every tier and contact of a config: the "after" side of the plan's access section. */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { lookupKnowledgeBase } from '../config/references.js';
import { resolverFor, type Resolver } from '../resolve/resolve-contacts.js';
import { reachOf } from './summarize-reach.js';
import type { Reach } from './types.js';

export interface AccessSnapshot {
  /** Reach per tier name (config order). Omit when unknown (e.g. a "before" read from state). */
  tiers?: Record<string, Reach>;
  /** Reach per contact address. */
  contacts: Record<string, Reach>;
}

/** Declared knowledge-base ids, in config order (the matrix's columns). */
export function declaredKnowledgeBases(config: ContactsConfig): string[] {
  return Object.keys(config.knowledge_bases ?? {}).map(
    (alias) => lookupKnowledgeBase(config, alias) ?? alias,
  );
}

/** Tiers and contacts that cannot be resolved (an unknown tier, a cycle) are left out: validate reports them. */
export function accessSnapshot(
  config: ContactsConfig,
  resolver: Resolver = resolverFor(config),
): AccessSnapshot {
  const tiers: Record<string, Reach> = {};
  for (const name of Object.keys(config.tiers ?? {})) {
    try {
      tiers[name] = reachOf(resolver.tier(name).queryMetadata);
    } catch {
      // reported by validate
    }
  }
  const contacts: Record<string, Reach> = {};
  (config.contacts ?? []).forEach((_, i) => {
    try {
      const c = resolver.contact(i);
      contacts[c.address] = reachOf(c.body.query_metadata);
    } catch {
      // reported by validate
    }
  });
  return { tiers, contacts };
}

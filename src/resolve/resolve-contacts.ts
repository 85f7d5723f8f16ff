/**
 * Resolution (pure): aliases -> UUIDs, `extends` chains and contact grants merged, labels ->
 * label_relations, KB grants -> knowledge_bases, explicit deny-all where nothing is granted.
 * Each result is the exact request body plus the provenance of every grant.
 *
 * Contacts with a tier and no grants of their own share their tier's query_metadata object (deeply
 * frozen): treat resolved bodies as read-only.
 */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { inboxAliasOf, isUuid, lookupInbox, parentsOf } from '../config/references.js';
import { ConfigError } from '../errors.js';
import { deepFreeze } from './deep-freeze.js';
import { identityKey } from './identity.js';
import { applyGrants, EMPTY_LAYER, mergeParents, toQueryMetadata, type Layer } from './resolve-grants.js';
import type { ContactBody, Provenance, QueryMetadata, ResolvedContact, ResolvedTier } from './types.js';
import { oncePer } from '../util/once-per.js';

export interface Resolver {
  tier(name: string): ResolvedTier;
  contact(index: number): ResolvedContact;
  contacts(): ResolvedContact[];
}

const shared = new WeakMap<ContactsConfig, Resolver>();

/**
 * The one resolver of a config value, shared by everything that resolves it in a run (policies,
 * permission tests, the plan): its tiers and contacts are resolved once. A config is not changed after
 * it is loaded; a changed copy is a new value with a resolver of its own.
 */
export function resolverFor(config: ContactsConfig): Resolver {
  return oncePer(shared, config, createResolver);
}

/** Resolution of a schema-valid config. Tiers are resolved once and shared. */
export function createResolver(config: ContactsConfig): Resolver {
  const tiers = config.tiers ?? {};
  const layers = new Map<string, { layer: Layer; chain: string[] }>();
  const resolving: string[] = [];

  const tierLayer = (name: string): { layer: Layer; chain: string[] } => {
    const done = layers.get(name);
    if (done) return done;
    const tier = Object.hasOwn(tiers, name) ? tiers[name] : undefined;
    if (!tier) throw new ConfigError(`unknown tier "${name}"`);
    if (resolving.includes(name)) {
      const cycle = [...resolving.slice(resolving.indexOf(name)), name].join(' -> ');
      throw new ConfigError(`tiers extend each other in a cycle: ${cycle}`);
    }
    resolving.push(name);
    const parents = parentsOf(tier.extends).map(tierLayer);
    const chain = [name];
    for (const parent of parents) for (const t of parent.chain) if (!chain.includes(t)) chain.push(t);
    const inherited = parents.length > 0 ? mergeParents(parents.map((p) => p.layer)) : EMPTY_LAYER;
    const layer = applyGrants(config, inherited, tier, (suffix) => ({
      kind: 'tier',
      tier: name,
      path: ['tiers', name, ...suffix],
    }));
    resolving.pop();
    const result = { layer, chain };
    layers.set(name, result);
    return result;
  };

  const tierCache = new Map<string, ResolvedTier>();
  const tier = (name: string): ResolvedTier => {
    let resolved = tierCache.get(name);
    if (!resolved) {
      const { layer, chain } = tierLayer(name);
      resolved = deepFreeze({ name, chain, ...toQueryMetadata(layer) });
      tierCache.set(name, resolved);
    }
    return resolved;
  };

  /**
   * By inbox reference: its id and alias, and the beginnings of its contacts' addresses and identity
   * keys (`<alias>/`, `<inbox uuid>/`), made once: a contact's address and identity are then one
   * concatenation each, not two.
   */
  interface InboxOf {
    inboxId: string;
    inboxAlias: string;
    addressPrefix: string;
    identityPrefix: string;
  }
  const inboxes = new Map<string, InboxOf>();
  const inboxOf = (ref: string): InboxOf => {
    let hit = inboxes.get(ref);
    if (!hit) {
      const alias = inboxAliasOf(config, ref);
      const inboxId = lookupInbox(config, ref) ?? ref;
      const inboxAlias = isUuid(alias) ? alias.toLowerCase() : alias;
      hit = {
        inboxId,
        inboxAlias,
        addressPrefix: flat(`${inboxAlias}/`),
        identityPrefix: flat(identityKey(inboxId, '')),
      };
      inboxes.set(ref, hit);
    }
    return hit;
  };
  const inboxList = config.api?.inbox_field === 'inboxes';

  const contact = (index: number): ResolvedContact => {
    const declared = config.contacts?.[index];
    if (!declared) throw new ConfigError(`no contact at index ${index}`);
    const { inboxId, inboxAlias, addressPrefix, identityPrefix } = inboxOf(declared.inbox);
    let queryMetadata: QueryMetadata;
    let provenance: Provenance;
    let chain: string[] = [];
    if (declared.query_metadata !== undefined) {
      queryMetadata = structuredClone(declared.query_metadata) as QueryMetadata;
      provenance = {
        knowledgeBases: [],
        raw: { kind: 'contact', path: ['contacts', index, 'query_metadata'] },
      };
    } else {
      const hasOwnGrants = declared.labels !== undefined || declared.knowledge_bases !== undefined;
      const base = declared.tier !== undefined ? tierLayer(declared.tier) : undefined;
      chain = base?.chain ?? [];
      if (!hasOwnGrants && declared.tier !== undefined) {
        ({ queryMetadata, provenance } = tier(declared.tier)); // shared with every contact of the tier
      } else {
        const layer = applyGrants(config, base?.layer ?? EMPTY_LAYER, declared, (suffix) => ({
          kind: 'contact',
          path: ['contacts', index, ...suffix],
        }));
        ({ queryMetadata, provenance } = toQueryMetadata(layer));
      }
    }
    const body = bodyOf(declared, inboxId, inboxList, queryMetadata);
    const address = addressPrefix + declared.source_id;
    const identity = identityPrefix + declared.source_id; // identityKey(inboxId, source_id)
    const sourceId = declared.source_id;
    // Each object made whole at once (one shape, its fields inside it): a million roster contacts.
    return declared.tier === undefined
      ? { address, identity, inboxAlias, inboxId, sourceId, tierChain: chain, index, body, provenance }
      : {
          address,
          identity,
          inboxAlias,
          inboxId,
          sourceId,
          tier: declared.tier,
          tierChain: chain,
          index,
          body,
          provenance,
        };
  };

  // Each contact is resolved once, whoever asks first (a policy, a permission test, the plan).
  const resolved: ResolvedContact[] = [];
  const once = (index: number): ResolvedContact => (resolved[index] ??= contact(index));
  return {
    tier,
    contact: once,
    contacts: () => (config.contacts ?? []).map((_, i) => once(i)),
  };
}

/** The string as one piece (not a concatenation of others). */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

export function resolveContacts(config: ContactsConfig): ResolvedContact[] {
  return createResolver(config).contacts();
}

/**
 * The body in the documented order: name, avatar?, source_id, inbox (or `inboxes`), query_metadata;
 * each variant made whole at once rather than field by field.
 */
function bodyOf(
  declared: { name: string; avatar?: string; source_id: string },
  inboxId: string,
  inboxList: boolean,
  query_metadata: QueryMetadata,
): ContactBody {
  const { name, avatar, source_id } = declared;
  if (inboxList) {
    const inboxes = [{ id: inboxId }];
    return avatar === undefined
      ? { name, source_id, inboxes, query_metadata }
      : { name, avatar, source_id, inboxes, query_metadata };
  }
  return avatar === undefined
    ? { name, source_id, inbox: inboxId, query_metadata }
    : { name, avatar, source_id, inbox: inboxId, query_metadata };
}

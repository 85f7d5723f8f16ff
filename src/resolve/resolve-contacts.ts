/**
 * Resolution (pure): aliases -> UUIDs, `extends` chains and contact grants merged, labels ->
 * label_relations, KB grants -> knowledge_bases, explicit deny-all where nothing is granted.
 * Each result is the exact request body plus the provenance of every grant.
 */
import type {
  Contact,
  ContactsConfig,
  KnowledgeBaseGrant,
  LabelExpression,
} from '../config/contacts-config.generated.js';
import type { PathSegment } from '../config/parse-yaml.js';
import {
  inboxAliasOf,
  lookupFaq,
  lookupFile,
  lookupInbox,
  lookupKnowledgeBase,
  lookupLabel,
  parentsOf,
} from '../config/references.js';
import { ConfigError } from '../errors.js';
import type {
  ContactBody,
  GrantSource,
  KnowledgeBaseEntry,
  LabelCondition,
  LabelGroup,
  Provenance,
  QueryMetadata,
  ResolvedContact,
  ResolvedTier,
} from './types.js';

/** Grants accumulated along a tier chain; later layers replace earlier ones KB by KB. */
interface Layer {
  kbs: Map<string, { entry: KnowledgeBaseEntry; source: GrantSource }>;
  labels?: { relations: LabelGroup; source: GrantSource };
}

export function labelRelations(config: ContactsConfig, expression: LabelExpression): LabelGroup {
  const condition = labelCondition(config, expression);
  return 'label_id' in condition ? { operator: 'OR', conditions: [condition] } : condition;
}

function labelCondition(config: ContactsConfig, expression: LabelExpression): LabelCondition {
  if (typeof expression === 'string') return { label_id: lookupLabel(config, expression) ?? expression };
  if ('any' in expression) {
    return { operator: 'OR', conditions: expression.any.map((e) => labelCondition(config, e)) };
  }
  return { operator: 'AND', conditions: expression.all.map((e) => labelCondition(config, e)) };
}

export function knowledgeBaseEntry(config: ContactsConfig, grant: KnowledgeBaseGrant): KnowledgeBaseEntry {
  return {
    knowledge_base_id: lookupKnowledgeBase(config, grant.kb) ?? grant.kb,
    chatbot_file_ids: (grant.files ?? []).map((f) => lookupFile(config, grant.kb, f) ?? f),
    faq_ids: (grant.faqs ?? []).map((f) => lookupFaq(config, grant.kb, f) ?? f),
    has_user_selected_all: grant.all === true ? 'True' : 'False',
  };
}

function applyGrants(
  config: ContactsConfig,
  base: Layer,
  grants: { labels?: LabelExpression; knowledge_bases?: KnowledgeBaseGrant[] },
  source: (suffix: PathSegment[]) => GrantSource,
): Layer {
  const kbs = new Map(base.kbs);
  (grants.knowledge_bases ?? []).forEach((grant, i) => {
    const entry = knowledgeBaseEntry(config, grant);
    kbs.delete(entry.knowledge_base_id); // re-insert so the overriding grant's position shows where it came from
    kbs.set(entry.knowledge_base_id, { entry, source: source(['knowledge_bases', i]) });
  });
  const labels =
    grants.labels !== undefined
      ? { relations: labelRelations(config, grants.labels), source: source(['labels']) }
      : base.labels;
  return labels ? { kbs, labels } : { kbs };
}

function toQueryMetadata(layer: Layer): { queryMetadata: QueryMetadata; provenance: Provenance } {
  const queryMetadata: QueryMetadata = {};
  if (layer.labels) queryMetadata.label_relations = layer.labels.relations;
  queryMetadata.knowledge_bases = [...layer.kbs.values()].map((g) => g.entry);
  const provenance: Provenance = {
    knowledgeBases: [...layer.kbs.entries()].map(([id, g]) => ({ knowledge_base_id: id, source: g.source })),
  };
  if (layer.labels) provenance.labels = layer.labels.source;
  return { queryMetadata, provenance };
}

export interface Resolver {
  tier(name: string): ResolvedTier;
  contact(index: number): ResolvedContact;
  contacts(): ResolvedContact[];
}

/** Resolution of a schema-valid config. Tiers are resolved once and shared. */
export function createResolver(config: ContactsConfig): Resolver {
  const layers = new Map<string, { layer: Layer; chain: string[] }>();
  const resolving = new Set<string>();
  const tiers = config.tiers ?? {};

  const tierLayer = (name: string): { layer: Layer; chain: string[] } => {
    const done = layers.get(name);
    if (done) return done;
    const tier = Object.hasOwn(tiers, name) ? tiers[name] : undefined;
    if (!tier) throw new ConfigError(`unknown tier "${name}"`);
    if (resolving.has(name)) throw new ConfigError(`tier "${name}" extends itself`);
    resolving.add(name);
    let layer: Layer = { kbs: new Map() };
    const chain = [name];
    for (const parent of parentsOf(tier.extends)) {
      const resolved = tierLayer(parent);
      layer = {
        kbs: new Map([...layer.kbs, ...resolved.layer.kbs]),
        labels: resolved.layer.labels ?? layer.labels,
      };
      for (const t of resolved.chain) if (!chain.includes(t)) chain.push(t);
    }
    layer = applyGrants(config, layer, tier, (suffix) => ({
      kind: 'tier',
      tier: name,
      path: ['tiers', name, ...suffix],
    }));
    resolving.delete(name);
    const result = { layer, chain };
    layers.set(name, result);
    return result;
  };

  const tierCache = new Map<string, ResolvedTier>();
  const tier = (name: string): ResolvedTier => {
    let resolved = tierCache.get(name);
    if (!resolved) {
      const { layer, chain } = tierLayer(name);
      resolved = { name, chain, ...toQueryMetadata(layer) };
      tierCache.set(name, resolved);
    }
    return resolved;
  };

  const contact = (index: number): ResolvedContact => {
    const declared = config.contacts?.[index] as Contact | undefined;
    if (!declared) throw new ConfigError(`no contact at index ${index}`);
    const inboxId = lookupInbox(config, declared.inbox) ?? declared.inbox;
    const inboxAlias = inboxAliasOf(config, declared.inbox);
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
        const layer = applyGrants(config, base?.layer ?? { kbs: new Map() }, declared, (suffix) => ({
          kind: 'contact',
          path: ['contacts', index, ...suffix],
        }));
        ({ queryMetadata, provenance } = toQueryMetadata(layer));
      }
    }
    const body = {
      name: declared.name,
      ...(declared.avatar !== undefined ? { avatar: declared.avatar } : {}),
      source_id: declared.source_id,
      ...(config.api?.inbox_field === 'inboxes' ? { inboxes: [{ id: inboxId }] } : { inbox: inboxId }),
      query_metadata: queryMetadata,
    } satisfies ContactBody;
    const resolved: ResolvedContact = {
      address: `${inboxAlias}/${declared.source_id}`,
      inboxAlias,
      inboxId,
      sourceId: declared.source_id,
      tierChain: chain,
      index,
      body,
      provenance,
    };
    if (declared.tier !== undefined) resolved.tier = declared.tier;
    return resolved;
  };

  return {
    tier,
    contact,
    contacts: () => (config.contacts ?? []).map((_, i) => contact(i)),
  };
}

export function resolveContacts(config: ContactsConfig): ResolvedContact[] {
  return createResolver(config).contacts();
}

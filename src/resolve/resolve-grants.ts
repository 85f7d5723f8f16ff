/**
 * Grants -> query_metadata pieces (pure): label expressions -> label_relations, knowledge-base grants
 * -> knowledge_bases entries, and the §2 merge rules for `extends` and contact-level grants.
 */
import type {
  ContactsConfig,
  KnowledgeBaseGrant,
  LabelExpression,
} from '../config/contacts-config.generated.js';
import type { PathSegment } from '../config/parse-yaml.js';
import { lookupFaq, lookupFile, lookupKnowledgeBase, lookupLabel } from '../config/references.js';
import type {
  GrantSource,
  KnowledgeBaseEntry,
  LabelCondition,
  LabelGroup,
  Provenance,
  QueryMetadata,
} from './types.js';

/** Grants accumulated along a tier chain: knowledge bases keyed by id, and the label condition. */
export interface Layer {
  kbs: ReadonlyMap<string, { entry: KnowledgeBaseEntry; source: GrantSource }>;
  labels?: { relations: LabelGroup; source: GrantSource };
}

export const EMPTY_LAYER: Layer = { kbs: new Map() };

/** A label expression as `label_relations`: always a group, so a single label becomes `OR [label]`. */
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
    chatbot_file_ids: unique((grant.files ?? []).map((f) => lookupFile(config, grant.kb, f) ?? f)),
    faq_ids: unique((grant.faqs ?? []).map((f) => lookupFaq(config, grant.kb, f) ?? f)),
    has_user_selected_all: grant.all === true ? 'True' : 'False',
  };
}

/** Ids in first-seen order, each once (an alias and its UUID name the same id). */
function unique(ids: string[]): string[] {
  return ids.length < 2 ? ids : [...new Set(ids)];
}

/**
 * Several parents: each later parent is laid over the earlier ones by the same rule as a child over its
 * parent (its entry for a knowledge base replaces theirs; its labels, when it has any, replace theirs).
 */
export function mergeParents(parents: readonly Layer[]): Layer {
  if (parents.length === 1) return parents[0] as Layer;
  const kbs = new Map<string, { entry: KnowledgeBaseEntry; source: GrantSource }>();
  let labels: Layer['labels'];
  for (const parent of parents) {
    for (const [id, grant] of parent.kbs) kbs.set(id, grant);
    labels = parent.labels ?? labels;
  }
  return labels ? { kbs, labels } : { kbs };
}

/**
 * Lays grants (a tier's or a contact's) over an inherited layer: an entry for a knowledge base replaces
 * the inherited one for that knowledge base (keeping its position); labels, when set, replace the inherited.
 */
export function applyGrants(
  config: ContactsConfig,
  base: Layer,
  grants: { labels?: LabelExpression; knowledge_bases?: KnowledgeBaseGrant[] },
  source: (suffix: PathSegment[]) => GrantSource,
): Layer {
  const kbs = new Map(base.kbs);
  (grants.knowledge_bases ?? []).forEach((grant, i) => {
    const entry = knowledgeBaseEntry(config, grant);
    kbs.set(entry.knowledge_base_id, { entry, source: source(['knowledge_bases', i]) });
  });
  const labels =
    grants.labels !== undefined
      ? { relations: labelRelations(config, grants.labels), source: source(['labels']) }
      : base.labels;
  return labels ? { kbs, labels } : { kbs };
}

/**
 * A layer as the API's query_metadata. `knowledge_bases` is always present: without a grant it is `[]`,
 * the explicit deny-all (an absent query_metadata could fall back to everything the assistant reaches).
 */
export function toQueryMetadata(layer: Layer): { queryMetadata: QueryMetadata; provenance: Provenance } {
  const queryMetadata: QueryMetadata = {};
  if (layer.labels) queryMetadata.label_relations = layer.labels.relations;
  queryMetadata.knowledge_bases = [...layer.kbs.values()].map((g) => g.entry);
  const provenance: Provenance = {
    knowledgeBases: [...layer.kbs.entries()].map(([id, g]) => ({ knowledge_base_id: id, source: g.source })),
  };
  if (layer.labels) provenance.labels = layer.labels.source;
  return { queryMetadata, provenance };
}

/** The MaiAgent request body a contact resolves to (the seed's documented format, snake_case). */
import type { PathSegment } from '../config/parse-yaml.js';

export type TrueFalse = 'True' | 'False';

export interface KnowledgeBaseEntry {
  knowledge_base_id: string;
  chatbot_file_ids: string[];
  faq_ids: string[];
  has_user_selected_all: TrueFalse;
}

export interface LabelLeaf {
  label_id: string;
}

export interface LabelGroup {
  operator: 'AND' | 'OR';
  conditions: LabelCondition[];
}

export type LabelCondition = LabelLeaf | LabelGroup;

export interface QueryMetadata {
  knowledge_bases?: KnowledgeBaseEntry[];
  label_relations?: LabelGroup;
  [key: string]: unknown;
}

export interface ContactBody {
  name: string;
  avatar?: string;
  source_id: string;
  /** The seed's shape: the inbox id as a string (api.inbox_field: inbox, the default). */
  inbox?: string;
  /** The current API's shape (api.inbox_field: inboxes). */
  inboxes?: { id: string }[];
  query_metadata: QueryMetadata;
}

/** Where a grant came from: a tier (by name) or the contact itself, and the config path that wrote it. */
export interface GrantSource {
  kind: 'tier' | 'contact';
  /** The tier name, for kind 'tier'. */
  tier?: string;
  /** Path into the merged config (for `LoadedConfig.locate`). */
  path: PathSegment[];
}

export interface KnowledgeBaseGrantProvenance {
  knowledge_base_id: string;
  source: GrantSource;
}

export interface Provenance {
  knowledgeBases: KnowledgeBaseGrantProvenance[];
  labels?: GrantSource;
  /** Set when the contact uses the raw `query_metadata` escape hatch. */
  raw?: GrantSource;
}

export interface ResolvedContact {
  /** `<inbox alias>/<source_id>` (the raw inbox UUID where no alias names it). */
  address: string;
  /** `identityKey(inboxId, sourceId)`: the key of state entries and live contacts. */
  identity: string;
  inboxAlias: string;
  inboxId: string;
  sourceId: string;
  tier?: string;
  /** The tier and every tier it extends, nearest first (depth first, in `extends` order, each once). */
  tierChain: string[];
  /** Index in the merged `contacts` list. */
  index: number;
  body: ContactBody;
  provenance: Provenance;
}

/** A tier's own resolved grants (what a contact of that tier with no grants of its own gets). */
export interface ResolvedTier {
  name: string;
  chain: string[];
  queryMetadata: QueryMetadata;
  provenance: Provenance;
}

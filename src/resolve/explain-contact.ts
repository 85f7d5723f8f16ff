/**
 * What `explain ADDRESS` shows: a contact's effective body and, for each grant in it, where it came
 * from (a tier of its chain, or the contact itself) with the file:line:col that wrote it.
 */
import type { SourceLocation } from '../config/diagnostic.js';
import type { PathSegment } from '../config/parse-yaml.js';
import type { ContactBody, GrantSource, KnowledgeBaseEntry, LabelGroup, ResolvedContact } from './types.js';

export interface GrantOrigin {
  kind: 'tier' | 'contact';
  tier?: string;
  path: PathSegment[];
  location?: SourceLocation;
}

export type ExplainedGrant =
  | { grant: 'knowledge_base'; entry: KnowledgeBaseEntry; from: GrantOrigin }
  | { grant: 'labels'; label_relations: LabelGroup; from: GrantOrigin }
  | { grant: 'query_metadata'; query_metadata: unknown; from: GrantOrigin };

export interface Explanation {
  address: string;
  identity: string;
  inbox_id: string;
  inbox_alias: string;
  source_id: string;
  tier: string | null;
  /** The tier and every tier it extends, nearest first. */
  tier_chain: string[];
  body: ContactBody;
  /** Where the contact is declared: its YAML entry, or its roster row. */
  declared_at?: SourceLocation;
  grants: ExplainedGrant[];
  /** True when nothing is granted: `knowledge_bases: []`, nothing can be queried. */
  deny_all: boolean;
}

export function explainContact(
  contact: ResolvedContact,
  locate: (path: readonly PathSegment[]) => SourceLocation | undefined = () => undefined,
): Explanation {
  const origin = (source: GrantSource): GrantOrigin => {
    const location = locate(source.path);
    return {
      kind: source.kind,
      ...(source.tier !== undefined ? { tier: source.tier } : {}),
      path: source.path,
      ...(location ? { location } : {}),
    };
  };
  const qm = contact.body.query_metadata;
  const grants: ExplainedGrant[] = [];
  const { provenance } = contact;
  if (provenance.raw) {
    grants.push({ grant: 'query_metadata', query_metadata: qm, from: origin(provenance.raw) });
  } else {
    const entries = new Map((qm.knowledge_bases ?? []).map((e) => [e.knowledge_base_id, e]));
    for (const p of provenance.knowledgeBases) {
      const entry = entries.get(p.knowledge_base_id);
      if (entry) grants.push({ grant: 'knowledge_base', entry, from: origin(p.source) });
    }
    if (provenance.labels && qm.label_relations) {
      grants.push({ grant: 'labels', label_relations: qm.label_relations, from: origin(provenance.labels) });
    }
  }
  const declared = locate(['contacts', contact.index, 'source_id']);
  return {
    address: contact.address,
    identity: contact.identity,
    inbox_id: contact.inboxId,
    inbox_alias: contact.inboxAlias,
    source_id: contact.sourceId,
    tier: contact.tier ?? null,
    tier_chain: contact.tierChain,
    body: contact.body,
    grants,
    deny_all: Array.isArray(qm.knowledge_bases) && qm.knowledge_bases.length === 0,
    ...(declared ? { declared_at: declared } : {}),
  };
}

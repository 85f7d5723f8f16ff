/**
 * `import`: live contacts of one inbox -> YAML contacts and the state entries that adopt them (pure).
 * A contact whose query_metadata equals a declared tier's resolved one is written with `tier:`;
 * otherwise as its own grants with aliases when every id it names is declared (checked by resolving
 * the result back), else as its raw `query_metadata`. Contacts the config already declares, and
 * MaiAgent's anonymous ones (no source_id), are skipped. A source_id held by several live contacts is
 * written once and listed in `duplicates`: which copy to adopt is never guessed (`state adopt` chooses).
 */
import type { LiveContact as ApiContact } from '../api/types.js';
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { digestQueryMetadata } from '../resolve/canonical-body.js';
import { createResolver } from '../resolve/resolve-contacts.js';
import { identityKey } from '../resolve/identity.js';
import type { LabelCondition, QueryMetadata } from '../resolve/types.js';
import type { StateEntryInput } from '../state/types.js';
import { liveBody } from './refresh-live.js';

export interface ImportResult {
  /** YAML-ready contact objects, sorted by source_id. */
  contacts: Record<string, unknown>[];
  /** What to record in state, one per written contact. */
  entries: StateEntryInput[];
  declared: number;
  anonymous: number;
  /** Source ids held by several live contacts: their entries must not be recorded (see `adoptable`). */
  duplicates: { address: string; copies: { id: string; createdAt: string }[] }[];
}

/** The entries import may record: none of a source_id that several live contacts hold. */
export function adoptable(result: Pick<ImportResult, 'entries' | 'duplicates'>): StateEntryInput[] {
  const ambiguous = new Set(result.duplicates.map((d) => d.address));
  return result.entries.filter((e) => !ambiguous.has(e.address));
}

type Yaml = Record<string, unknown>;

export function importContacts(
  config: ContactsConfig,
  inbox: { id: string; alias: string },
  live: readonly ApiContact[],
): ImportResult {
  const resolver = createResolver(config);
  const declared = new Set(resolver.contacts().map((c) => c.identity));
  const tierByDigest = new Map<string, string>();
  for (const name of Object.keys(config.tiers ?? {})) {
    const digest = digestQueryMetadata(resolver.tier(name).queryMetadata);
    if (!tierByDigest.has(digest)) tierByDigest.set(digest, name);
  }
  const result: ImportResult = { contacts: [], entries: [], declared: 0, anonymous: 0, duplicates: [] };
  const sorted = [...live].sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
  const copies = new Map<string, { id: string; createdAt: string }[]>();
  for (const contact of sorted) {
    const list = copies.get(contact.sourceId);
    if (list) list.push({ id: contact.id, createdAt: contact.createdAt });
    else copies.set(contact.sourceId, [{ id: contact.id, createdAt: contact.createdAt }]);
  }
  for (const contact of sorted) {
    if (contact.sourceId === '') {
      result.anonymous += 1;
      continue;
    }
    if (declared.has(identityKey(inbox.id, contact.sourceId))) {
      result.declared += 1;
      continue;
    }
    const all = copies.get(contact.sourceId) ?? [];
    if (all.length > 1) {
      if (all[0]?.id !== contact.id) continue; // written once
      result.duplicates.push({ address: `${inbox.alias}/${contact.sourceId}`, copies: all });
    }
    const metadata = contact.queryMetadata ?? {};
    const yaml: Yaml = { source_id: contact.sourceId, name: contact.name };
    if (contact.avatar !== null) yaml['avatar'] = contact.avatar;
    yaml['inbox'] = inbox.alias;
    const tier = tierByDigest.get(digestQueryMetadata(metadata));
    if (tier !== undefined) yaml['tier'] = tier;
    else Object.assign(yaml, grantsOf(config, yaml, metadata) ?? { query_metadata: metadata });
    result.contacts.push(yaml);
    result.entries.push({
      inbox: inbox.id,
      source_id: contact.sourceId,
      address: `${inbox.alias}/${contact.sourceId}`,
      contact_id: contact.id,
      tier: tier ?? null,
      body: liveBody(contact, inbox.id),
      ...(contact.createdAt ? { created_at: contact.createdAt } : {}),
      ...(contact.updatedAt ? { updated_at: contact.updatedAt } : {}),
    });
  }
  return result;
}

/** `knowledge_bases` / `labels` with aliases, when every id is declared and they resolve back to `metadata`. */
function grantsOf(config: ContactsConfig, contact: Yaml, metadata: QueryMetadata): Yaml | undefined {
  if (Object.keys(metadata).some((k) => k !== 'knowledge_bases' && k !== 'label_relations')) return undefined;
  const kbs = config.knowledge_bases ?? {};
  const aliasOf = (map: Record<string, string> | undefined, id: string): string | undefined =>
    Object.entries(map ?? {}).find(([, v]) => v.toLowerCase() === id.toLowerCase())?.[0];
  const grants: Yaml[] = [];
  for (const entry of metadata.knowledge_bases ?? []) {
    const kb = Object.entries(kbs).find(
      ([, v]) => v.id.toLowerCase() === entry.knowledge_base_id.toLowerCase(),
    );
    if (!kb) return undefined;
    const [kbAlias, def] = kb;
    const files = (entry.chatbot_file_ids ?? []).map((id) => aliasOf(def.files, id));
    const faqs = (entry.faq_ids ?? []).map((id) => aliasOf(def.faqs, id));
    if (files.includes(undefined) || faqs.includes(undefined)) return undefined;
    const grant: Yaml = { kb: kbAlias };
    if (files.length > 0) grant['files'] = files;
    if (faqs.length > 0) grant['faqs'] = faqs;
    if (String(entry.has_user_selected_all).toLowerCase() === 'true') grant['all'] = true;
    grants.push(grant);
  }
  const out: Yaml = {};
  if (metadata.label_relations) {
    const labels = labelExpression(metadata.label_relations, (id) => aliasOf(config.labels, id));
    if (labels === undefined) return undefined;
    out['labels'] = labels;
  }
  if (grants.length === 0 && out['labels'] === undefined) return undefined;
  out['knowledge_bases'] = grants;
  // Resolved back, the grants must give exactly what is live (else the raw object is the honest form).
  const trial = { ...config, contacts: [{ ...contact, ...out } as never] };
  try {
    const body = createResolver(trial).contact(0).body;
    return digestQueryMetadata(body.query_metadata) === digestQueryMetadata(metadata) ? out : undefined;
  } catch {
    return undefined;
  }
}

function labelExpression(node: LabelCondition, alias: (id: string) => string | undefined): unknown {
  if ('label_id' in node) return alias(node.label_id);
  const parts = (node.conditions ?? []).map((c) => labelExpression(c, alias));
  if (parts.includes(undefined)) return undefined;
  return node.operator === 'AND' ? { all: parts } : { any: parts };
}

/**
 * `validate --remote`: through the API, every inbox, knowledge base, label, file and FAQ the config
 * refers to must exist, and every knowledge base granted to a contact must be used by the assistant
 * of the contact's inbox where the API says which assistants use it. Findings are placed at the
 * config line that names the object.
 */
import {
  collectObjectReferences,
  type ObjectKind,
  type ObjectReference,
} from '../config/collect-references.js';
import type { Diagnostic } from '../config/diagnostic.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { PathSegment } from '../config/parse-yaml.js';
import { inboxAliasOf } from '../config/references.js';
import { createResolver } from '../resolve/resolve-contacts.js';
import type { MaiAgentClient } from '../api/client.js';
import type { InboxItem, KnowledgeBaseItem } from '../api/types.js';
import { mapBounded } from '../util/map-bounded.js';

export type RemoteLookups = Pick<
  MaiAgentClient,
  'listInboxes' | 'listKnowledgeBases' | 'listLabels' | 'listFiles' | 'listFaqs'
>;

const NOUN: Record<ObjectKind, string> = {
  inbox: 'inbox',
  'knowledge-base': 'knowledge base',
  label: 'label',
  file: 'file',
  faq: 'FAQ',
};

/** Listings fetched at once (labels, files and FAQs are listed per knowledge base). */
const CONCURRENCY = 4;

export async function checkRemoteReferences(
  config: LoadedConfig,
  client: RemoteLookups,
): Promise<Diagnostic[]> {
  const refs = collectObjectReferences(config.value);
  const [inboxes, kbs] = await Promise.all([client.listInboxes(), client.listKnowledgeBases()]);
  const inboxById = new Map(inboxes.map((i) => [i.id, i]));
  const kbById = new Map(kbs.map((k) => [k.id, k]));

  const needs = (kind: ObjectKind): boolean => refs.some((r) => r.kind === kind);
  const labelIds = new Set<string>();
  if (needs('label')) {
    const lists = await mapBounded(kbs, CONCURRENCY, (kb) => client.listLabels(kb.id));
    for (const list of lists) for (const l of list) labelIds.add(l.id);
  }
  const itemKbs = [
    ...new Set(refs.filter((r) => r.knowledgeBaseId).map((r) => r.knowledgeBaseId as string)),
  ].filter((id) => kbById.has(id));
  const items = new Map<string, Set<string>>();
  await mapBounded(itemKbs, CONCURRENCY, async (kbId) => {
    const [files, faqs] = await Promise.all([
      needs('file') ? client.listFiles(kbId) : [],
      needs('faq') ? client.listFaqs(kbId) : [],
    ]);
    items.set(`file:${kbId}`, new Set(files.map((f) => f.id)));
    items.set(`faq:${kbId}`, new Set(faqs.map((f) => f.id)));
  });

  const exists = (ref: ObjectReference): boolean => {
    switch (ref.kind) {
      case 'inbox':
        return inboxById.has(ref.id);
      case 'knowledge-base':
        return kbById.has(ref.id);
      case 'label':
        return labelIds.has(ref.id);
      default: {
        const kbId = ref.knowledgeBaseId as string;
        if (!kbById.has(kbId)) return true; // the missing knowledge base is reported instead
        return items.get(`${ref.kind}:${kbId}`)?.has(ref.id) ?? false;
      }
    }
  };

  const diagnostics: Diagnostic[] = [];
  const report = (rule: string, message: string, hint: string, path: PathSegment[]): void => {
    const diagnostic: Diagnostic = { rule, severity: 'error', message, hint };
    const location = config.locate(path);
    if (location) diagnostic.location = location;
    diagnostics.push(diagnostic);
  };
  for (const ref of refs) {
    if (exists(ref)) continue;
    const named = ref.name === ref.id ? ref.id : `"${ref.name}" (${ref.id})`;
    const where = ref.knowledgeBaseId ? ` in knowledge base ${ref.knowledgeBaseId}` : '';
    report(
      'remote-not-found',
      `${NOUN[ref.kind]} ${named} does not exist in MaiAgent${where}`,
      `check the id in MaiAgent, or remove the ${NOUN[ref.kind]} from the config`,
      ref.path,
    );
  }
  reportUnattachedGrants(config, inboxById, kbById, report);
  return diagnostics;
}

/** Knowledge bases granted to contacts whose inbox's assistant does not use them (only where the API tells). */
function reportUnattachedGrants(
  config: LoadedConfig,
  inboxById: Map<string, InboxItem>,
  kbById: Map<string, KnowledgeBaseItem>,
  report: (rule: string, message: string, hint: string, path: PathSegment[]) => void,
): void {
  const found = new Map<
    string,
    { path: PathSegment[]; kb: KnowledgeBaseItem; inbox: string; contacts: string[] }
  >();
  for (const contact of createResolver(config.value).contacts()) {
    const inbox = inboxById.get(contact.inboxId);
    if (!inbox || inbox.chatbotIds.length === 0) continue;
    const raw = contact.provenance.raw;
    const grants = raw
      ? (contact.body.query_metadata.knowledge_bases ?? []).map((e, i) => ({
          id: e.knowledge_base_id,
          path: [...raw.path, 'knowledge_bases', i, 'knowledge_base_id'],
        }))
      : contact.provenance.knowledgeBases.map((g) => ({ id: g.knowledge_base_id, path: g.source.path }));
    for (const grant of grants) {
      const kb = kbById.get(String(grant.id).toLowerCase());
      if (!kb || kb.chatbotIds.length === 0 || kb.chatbotIds.some((c) => inbox.chatbotIds.includes(c)))
        continue;
      const key = `${JSON.stringify(grant.path)}\n${inbox.id}`;
      const entry = found.get(key) ?? {
        path: grant.path,
        kb,
        inbox: inboxAliasOf(config.value, inbox.id),
        contacts: [],
      };
      entry.contacts.push(contact.address);
      found.set(key, entry);
    }
  }
  for (const { path, kb, inbox, contacts } of found.values()) {
    const who = contacts.length === 1 ? contacts[0] : `${contacts[0]} and ${contacts.length - 1} more`;
    report(
      'remote-kb-not-in-inbox',
      `knowledge base "${kb.name}" (${kb.id}) is not used by the assistant of inbox ${inbox} in MaiAgent, so it is granted to no effect (${who})`,
      `attach the knowledge base to the inbox's assistant in MaiAgent, or grant it only to contacts of inboxes that use it`,
      path,
    );
  }
}

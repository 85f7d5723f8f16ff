/**
 * `--seed-config`: the inboxes, knowledge bases, labels, files and FAQs a config refers to become
 * the emulator's, so `validate --remote` passes against it and contacts of undeclared inboxes are
 * refused. Names are the config's aliases. Labels (global aliases in the config, per knowledge base in
 * MaiAgent) go to the first declared knowledge base; a knowledge base used by `inboxes:` is attached
 * to those inboxes' assistants, otherwise to every inbox's. The CLI turns the config into these plain
 * objects (cli/seed-objects.ts): the emulator knows nothing of the config format.
 */
import { deriveUuid } from './derive-id.js';
import type { KnowledgeBaseResource, Resources } from './resources.js';

export interface SeedObject {
  kind: 'inbox' | 'knowledge-base' | 'label' | 'file' | 'faq';
  /** Lower-cased UUID. */
  id: string;
  name: string;
  /** For files and FAQs: the knowledge base they belong to. */
  knowledgeBaseId?: string;
}

export interface SeedObjects {
  /** In the order the config names them. */
  objects: SeedObject[];
  /** Knowledge base id -> the inboxes whose assistants use it; a knowledge base not listed: every inbox. */
  knowledgeBaseInboxes: Record<string, string[]>;
}

export function seedResources(resources: Resources, seed: SeedObjects, now: number): void {
  resources.strict = true;
  const refs = seed.objects;
  const kbs = new Map<string, KnowledgeBaseResource>();
  const kb = (id: string, name = id): KnowledgeBaseResource => {
    let found = kbs.get(id);
    if (!found) {
      found = resources.knowledgeBases.get(id) ?? {
        id,
        name,
        description: '',
        chatbots: [],
        labels: [],
        files: [],
        faqs: [],
        createdAt: now,
      };
      found.name = name;
      kbs.set(id, found);
    }
    return found;
  };
  const labels: { id: string; name: string }[] = [];
  for (const ref of refs) {
    if (ref.kind === 'inbox' && !resources.inboxes.has(ref.id)) resources.defineInbox(ref.id, ref.name);
    else if (ref.kind === 'knowledge-base' && !kbs.has(ref.id)) kb(ref.id, ref.name);
    else if (ref.kind === 'label' && !labels.some((l) => l.id === ref.id))
      labels.push({ id: ref.id, name: ref.name });
  }
  for (const ref of refs) {
    if (ref.kind !== 'file' && ref.kind !== 'faq') continue;
    const target = kb(ref.knowledgeBaseId as string, kbs.get(ref.knowledgeBaseId as string)?.name);
    if (ref.kind === 'file' && !target.files.some((f) => f.id === ref.id)) {
      target.files.push({ id: ref.id, filename: ref.name, status: 'done', labels: [] });
    }
    if (ref.kind === 'faq' && !target.faqs.some((f) => f.id === ref.id)) {
      target.faqs.push({ id: ref.id, question: ref.name, answer: '', labels: [] });
    }
  }
  if (labels.length > 0) {
    const holder = [...kbs.values()][0] ?? kb(deriveUuid('knowledge-base', 'labels'), 'labels');
    for (const label of labels) if (!holder.labels.some((l) => l.id === label.id)) holder.labels.push(label);
  }
  for (const item of kbs.values()) {
    const inboxIds = Object.hasOwn(seed.knowledgeBaseInboxes, item.id)
      ? seed.knowledgeBaseInboxes[item.id]!
      : [...resources.inboxes.keys()];
    item.chatbots = inboxIds
      .map((id) => resources.inboxes.get(id)?.chatbot)
      .filter((c): c is { id: string; name: string } => c !== undefined);
    resources.knowledgeBases.set(item.id, item);
  }
}

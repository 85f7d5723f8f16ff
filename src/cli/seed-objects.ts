/**
 * `emulator --seed-config`: the MaiAgent objects a config names, as the plain seed the emulator takes
 * (the emulator knows nothing of the config format).
 */
import { collectObjectReferences } from '../config/collect-references.js';
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { lookupInbox } from '../config/references.js';
import type { SeedObjects } from '../emulator/seed-resources.js';

export function seedObjectsFromConfig(config: ContactsConfig): SeedObjects {
  const objects = collectObjectReferences(config).map(({ kind, id, name, knowledgeBaseId }) => ({
    kind,
    id,
    name,
    ...(knowledgeBaseId !== undefined ? { knowledgeBaseId } : {}),
  }));
  const knowledgeBaseInboxes: Record<string, string[]> = {};
  const seen = new Set<string>();
  for (const kb of Object.values(config.knowledge_bases ?? {})) {
    const id = kb.id.toLowerCase();
    if (seen.has(id)) continue; // the first declaration of an id speaks for it
    seen.add(id);
    if (kb.inboxes) {
      knowledgeBaseInboxes[id] = kb.inboxes
        .map((ref) => lookupInbox(config, ref))
        .filter((inbox): inbox is string => inbox !== undefined);
    }
  }
  return { objects, knowledgeBaseInboxes };
}

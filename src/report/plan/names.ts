/**
 * Readable names for ids in plan output: the config's aliases (`product-docs`, `product-docs/manual`,
 * `vip`), or the id itself when the config has none.
 */
import type { ContactsConfig } from '../../config/contacts-config.generated.js';

export interface Names {
  inbox(id: string): string;
  knowledgeBase(id: string): string;
  file(kbId: string, id: string): string;
  faq(kbId: string, id: string): string;
  label(id: string): string;
  /** "knowledge base product-docs", "file product-docs/manual" ... for any id the config names; undefined otherwise. */
  describe(id: string): string | undefined;
}

export const NO_NAMES: Names = {
  inbox: (id) => id,
  knowledgeBase: (id) => id,
  file: (_kb, id) => id,
  faq: (_kb, id) => id,
  label: (id) => id,
  describe: () => undefined,
};

const lower = (map: Record<string, string> | undefined): Map<string, string> =>
  new Map(Object.entries(map ?? {}).map(([alias, id]) => [id.toLowerCase(), alias]));

export function namesFromConfig(config: ContactsConfig): Names {
  const inboxes = lower(config.inboxes);
  const labels = lower(config.labels);
  const kbs = new Map<string, { alias: string; files: Map<string, string>; faqs: Map<string, string> }>();
  const described = new Map<string, string>();
  for (const [id, alias] of inboxes) described.set(id, `inbox ${alias}`);
  for (const [id, alias] of labels) described.set(id, `label ${alias}`);
  for (const [alias, kb] of Object.entries(config.knowledge_bases ?? {})) {
    const entry = { alias, files: lower(kb.files), faqs: lower(kb.faqs) };
    kbs.set(kb.id.toLowerCase(), entry);
    described.set(kb.id.toLowerCase(), `knowledge base ${alias}`);
    for (const [id, f] of entry.files) described.set(id, `file ${alias}/${f}`);
    for (const [id, f] of entry.faqs) described.set(id, `FAQ ${alias}/${f}`);
  }
  const kbAlias = (id: string): string => kbs.get(id.toLowerCase())?.alias ?? id;
  return {
    inbox: (id) => inboxes.get(id.toLowerCase()) ?? id,
    knowledgeBase: kbAlias,
    file: (kb, id) => `${kbAlias(kb)}/${kbs.get(kb.toLowerCase())?.files.get(id.toLowerCase()) ?? id}`,
    faq: (kb, id) => `${kbAlias(kb)}/${kbs.get(kb.toLowerCase())?.faqs.get(id.toLowerCase()) ?? id}`,
    label: (id) => labels.get(id.toLowerCase()) ?? id,
    describe: (id) => described.get(id.toLowerCase()),
  };
}

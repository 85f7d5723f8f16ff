/** UUID -> alias, so that results speak the config's language. Unknown ids are shown as they are. */
import type { ContactsConfig } from '../config/contacts-config.generated.js';

export interface Names {
  kb(id: string): string;
  file(kb: string, id: string): string;
  faq(kb: string, id: string): string;
  label(id: string): string;
}

/** Names that show raw ids (for callers without a config). */
export const RAW_NAMES: Names = {
  kb: (id) => id,
  file: (_kb, id) => id,
  faq: (_kb, id) => id,
  label: (id) => id,
};

function reverse(map: Record<string, string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [alias, id] of Object.entries(map ?? {}))
    if (!out.has(id.toLowerCase())) out.set(id.toLowerCase(), alias);
  return out;
}

export function createNames(config: ContactsConfig): Names {
  const kbs = new Map<string, { alias: string; files: Map<string, string>; faqs: Map<string, string> }>();
  for (const [alias, kb] of Object.entries(config.knowledge_bases ?? {})) {
    const id = kb.id.toLowerCase();
    if (!kbs.has(id)) kbs.set(id, { alias, files: reverse(kb.files), faqs: reverse(kb.faqs) });
  }
  const labels = reverse(config.labels);
  return {
    kb: (id) => kbs.get(id)?.alias ?? id,
    file: (kb, id) => kbs.get(kb)?.files.get(id) ?? id,
    faq: (kb, id) => kbs.get(kb)?.faqs.get(id) ?? id,
    label: (id) => labels.get(id) ?? id,
  };
}

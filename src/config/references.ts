/** Alias and UUID lookups shared by the semantic rules and resolution. */
import type { ContactsConfig, KnowledgeBase } from './contacts-config.generated.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An alias of `map`, or a raw UUID; undefined when it is neither. UUIDs are lower-cased. */
export function lookup(map: Record<string, string> | undefined, ref: string): string | undefined {
  const hit = map && Object.hasOwn(map, ref) ? map[ref] : undefined;
  if (hit !== undefined) return hit.toLowerCase();
  return isUuid(ref) ? ref.toLowerCase() : undefined;
}

export function lookupInbox(config: ContactsConfig, ref: string): string | undefined {
  return lookup(config.inboxes, ref);
}

export function lookupLabel(config: ContactsConfig, ref: string): string | undefined {
  return lookup(config.labels, ref);
}

/** The declared knowledge base (alias, definition) a grant names, by alias or by its UUID. */
export function findKnowledgeBase(
  config: ContactsConfig,
  ref: string,
): { alias: string; kb: KnowledgeBase } | undefined {
  const kbs = config.knowledge_bases ?? {};
  if (Object.hasOwn(kbs, ref)) return { alias: ref, kb: kbs[ref] as KnowledgeBase };
  if (!isUuid(ref)) return undefined;
  const id = ref.toLowerCase();
  for (const [alias, kb] of Object.entries(kbs)) if (kb.id.toLowerCase() === id) return { alias, kb };
  return undefined;
}

export function lookupKnowledgeBase(config: ContactsConfig, ref: string): string | undefined {
  return findKnowledgeBase(config, ref)?.kb.id.toLowerCase() ?? (isUuid(ref) ? ref.toLowerCase() : undefined);
}

export function lookupFile(config: ContactsConfig, kbRef: string, ref: string): string | undefined {
  return lookup(findKnowledgeBase(config, kbRef)?.kb.files, ref);
}

export function lookupFaq(config: ContactsConfig, kbRef: string, ref: string): string | undefined {
  return lookup(findKnowledgeBase(config, kbRef)?.kb.faqs, ref);
}

/** The alias naming an inbox UUID, for addresses; the UUID itself when none does. */
export function inboxAliasOf(config: ContactsConfig, ref: string): string {
  if (config.inboxes && Object.hasOwn(config.inboxes, ref)) return ref;
  const id = ref.toLowerCase();
  for (const [alias, uuid] of Object.entries(config.inboxes ?? {}))
    if (uuid.toLowerCase() === id) return alias;
  return ref;
}

/** The tiers a tier extends directly. */
export function parentsOf(extendsValue: string | readonly string[] | undefined): string[] {
  if (extendsValue === undefined) return [];
  return typeof extendsValue === 'string' ? [extendsValue] : [...extendsValue];
}

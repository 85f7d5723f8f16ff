/** Alias and UUID lookups shared by the semantic rules and resolution. */
import type { ContactsConfig, KnowledgeBase } from './contacts-config.generated.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Not a type predicate: its false branch would tell the compiler a string is not a string. */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * A string that was meant to be a UUID but is not one: hexadecimal digits and dashes of about the
 * right length, or five dash-separated groups of the UUID's lengths with a non-hex character.
 */
export function looksLikeUuid(value: string): boolean {
  // Both tests below need 30 to 40 characters (five groups of the UUID's lengths are 36).
  if (value.length < 30 || value.length > 40 || UUID.test(value)) return false;
  const groups = value.split('-');
  if (/^[0-9a-fA-F-]+$/.test(value) && groups.length >= 4 && value.length >= 30 && value.length <= 40)
    return true;
  return (
    groups.length === 5 &&
    groups.every((g, i) => /^[0-9a-zA-Z]+$/.test(g) && g.length === [8, 4, 4, 4, 12][i])
  );
}

/** An alias of `map`, or a raw UUID; undefined when it is neither. UUIDs are lower-cased. */
export function lookup(map: Record<string, string> | undefined, ref: string): string | undefined {
  const hit: unknown = map && typeof map === 'object' && Object.hasOwn(map, ref) ? map[ref] : undefined;
  if (typeof hit === 'string') return hit.toLowerCase();
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
  const kbs: Record<string, unknown> = config.knowledge_bases ?? {};
  const usable = (kb: unknown): kb is KnowledgeBase =>
    kb !== null && typeof kb === 'object' && typeof (kb as { id?: unknown }).id === 'string';
  if (typeof kbs !== 'object') return undefined;
  if (Object.hasOwn(kbs, ref)) {
    const kb = kbs[ref];
    return usable(kb) ? { alias: ref, kb } : undefined;
  }
  if (!isUuid(ref)) return undefined;
  const id = ref.toLowerCase();
  for (const [alias, kb] of Object.entries(kbs))
    if (usable(kb) && kb.id.toLowerCase() === id) return { alias, kb };
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
    if (typeof uuid === 'string' && uuid.toLowerCase() === id) return alias;
  return ref;
}

/** The tiers a tier extends directly. */
export function parentsOf(extendsValue: string | readonly string[] | undefined): string[] {
  if (extendsValue === undefined) return [];
  return typeof extendsValue === 'string' ? [extendsValue] : [...extendsValue];
}

/**
 * The contact list's filters: `inboxes` (current) and `inbox` (deprecated) by inbox id, and `query`
 * (id, name or source_id, case-insensitive substring, as EX README describes) and `search` (name,
 * source_id or email).
 */
import type { StoredContact } from './contact-store.js';

export interface ContactFilter {
  /** Undefined: every inbox. Several ids: contacts in any of them. */
  inboxIds?: string[];
  /** Every entry must match (query and search together narrow). */
  text: string[];
}

export function matchesText(contact: StoredContact, text: string): boolean {
  const needle = text.toLowerCase();
  return (
    contact.id.toLowerCase().includes(needle) ||
    contact.name.toLowerCase().includes(needle) ||
    contact.sourceId.toLowerCase().includes(needle) ||
    (contact.email ?? '').toLowerCase().includes(needle)
  );
}

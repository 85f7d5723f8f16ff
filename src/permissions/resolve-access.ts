/** A test's or policy's content, written with aliases or UUIDs -> a model Document (UUIDs). */
import type { Access, ContactsConfig } from '../config/contacts-config.generated.js';
import { lookupFaq, lookupFile, lookupKnowledgeBase, lookupLabel } from '../config/references.js';
import type { Document } from './types.js';

export interface ResolvedAccess {
  document?: Document;
  /** One message per reference that names nothing declared (and is not a UUID). */
  errors: string[];
}

export function resolveAccess(config: ContactsConfig, access: Access): ResolvedAccess {
  const errors: string[] = [];
  const kb = lookupKnowledgeBase(config, access.kb);
  if (kb === undefined) errors.push(`unknown knowledge base "${access.kb}"`);
  const document: Document = { kb: kb ?? access.kb };
  if (access.file !== undefined) {
    const file = lookupFile(config, access.kb, access.file);
    if (file === undefined) errors.push(`unknown file "${access.file}" in knowledge base ${access.kb}`);
    document.file = file ?? access.file;
  }
  if (access.faq !== undefined) {
    const faq = lookupFaq(config, access.kb, access.faq);
    if (faq === undefined) errors.push(`unknown FAQ "${access.faq}" in knowledge base ${access.kb}`);
    document.faq = faq ?? access.faq;
  }
  if (access.labels !== undefined) {
    document.labels = access.labels.map((ref) => {
      const id = lookupLabel(config, ref);
      if (id === undefined) errors.push(`unknown label "${ref}"`);
      return id ?? ref;
    });
  }
  return errors.length > 0 ? { errors } : { document, errors };
}

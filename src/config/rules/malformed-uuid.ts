import { findKnowledgeBase, looksLikeUuid } from '../references.js';
import { contactUses, referenceIndex, type Reference, type ReferenceKind } from '../collect-references.js';
import type { Rule } from './rule.js';
import { isNode, nodeOf, type Node } from './walk-config.js';

const SECTIONS: Partial<Record<ReferenceKind, string>> = {
  inbox: 'inboxes',
  label: 'labels',
  'knowledge-base': 'knowledge_bases',
};

/** References that were meant as raw UUIDs but are not (the schema checks the UUIDs of alias maps). */
export const malformedUuid: Rule = {
  id: 'malformed-uuid',
  severity: 'error',
  description: 'A UUID is not 8-4-4-4-12 hexadecimal digits.',
  fix: 'copy the UUID again from MaiAgent; it looks like 123e4567-e89b-12d3-a456-426614174000',
  check({ value, root, report }) {
    const aliases = (kind: ReferenceKind, kb: string | undefined): Node => {
      const section = SECTIONS[kind];
      if (section) return nodeOf(root[section]);
      const found = kb === undefined ? undefined : findKnowledgeBase(value, kb);
      const members =
        found && isNode(found.kb) ? (kind === 'file' ? found.kb.files : found.kb.faqs) : undefined;
      return nodeOf(members);
    };
    const malformed = (ref: Reference): void =>
      report({
        message: `"${ref.ref}" is not a valid UUID`,
        hint: 'a UUID has 8-4-4-4-12 hexadecimal digits, e.g. 123e4567-e89b-12d3-a456-426614174000',
        path: ref.path,
      });
    const { refs, contactValues } = referenceIndex(root);
    for (const ref of refs) {
      if (ref.raw || ref.kind === 'tier' || ref.kind === 'contact' || !looksLikeUuid(ref.ref)) continue;
      if (!Object.hasOwn(aliases(ref.kind, ref.kb), ref.ref)) malformed(ref);
    }
    // A contact's inbox, each name written judged once.
    for (const inbox of contactValues.inbox) {
      if (looksLikeUuid(inbox) && !Object.hasOwn(aliases('inbox', undefined), inbox))
        contactUses(root, 'inbox', inbox).forEach(malformed);
    }
  },
};

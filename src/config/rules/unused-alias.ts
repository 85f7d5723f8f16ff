import { isUuid } from '../references.js';
import { referenceIndex, type ReferenceKind } from '../collect-references.js';
import type { Rule } from './rule.js';
import { isNode, nodeOf, stringOf } from './walk-config.js';

const SECTIONS: { section: 'inboxes' | 'labels' | 'knowledge_bases'; kind: ReferenceKind; noun: string }[] = [
  { section: 'inboxes', kind: 'inbox', noun: 'inbox' },
  { section: 'labels', kind: 'label', noun: 'label' },
  { section: 'knowledge_bases', kind: 'knowledge-base', noun: 'knowledge base' },
];

/**
 * Inbox, label and knowledge-base aliases nothing refers to (by alias or by UUID). File and FAQ aliases
 * are a catalogue of their knowledge base and are not reported.
 */
export const unusedAlias: Rule = {
  id: 'unused-alias',
  severity: 'warning',
  description: 'An inbox, label or knowledge-base alias is declared but never used.',
  fix: 'remove the alias, or use it',
  check({ root, report }) {
    // Each name as written once (100,000 contacts name a handful of inboxes), then UUIDs lower-cased.
    const written = new Map<ReferenceKind, Set<string>>();
    const note = (kind: ReferenceKind, ref: string): void => {
      let names = written.get(kind);
      if (!names) written.set(kind, (names = new Set()));
      names.add(ref);
    };
    const { refs, contactValues } = referenceIndex(root);
    for (const ref of refs) {
      note(ref.kind, ref.ref);
      // A file or FAQ reference names its knowledge base too.
      if (ref.kb !== undefined) note('knowledge-base', ref.kb);
    }
    for (const inbox of contactValues.inbox) note('inbox', inbox);
    for (const { section, kind, noun } of SECTIONS) {
      const used = new Set<string>();
      for (const ref of written.get(kind) ?? []) used.add(isUuid(ref) ? ref.toLowerCase() : ref);
      for (const [alias, entry] of Object.entries(nodeOf(root[section]))) {
        const uuid = stringOf(isNode(entry) ? entry['id'] : entry)?.toLowerCase();
        if (used.has(alias) || (uuid !== undefined && used.has(uuid))) continue;
        report({
          message: `${noun} alias "${alias}" is never used`,
          hint: `remove it, or refer to it from a ${kind === 'inbox' ? 'contact' : 'grant'}, policy or test`,
          path: [section, alias],
          part: 'key',
        });
      }
    }
  },
};

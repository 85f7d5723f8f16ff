import type { PathSegment } from '../parse-yaml.js';
import type { Rule } from './rule.js';
import { aliasEntries, isNode, nodeOf, stringOf } from './walk-config.js';

/** Two aliases for one UUID: usually a copy-paste slip, and reviewers can no longer tell them apart. */
export const duplicateUuid: Rule = {
  id: 'duplicate-uuid',
  severity: 'warning',
  description: 'Two aliases of the same kind name the same UUID.',
  fix: 'keep one alias per UUID, or correct the UUID that was copied by mistake',
  check({ root, report }) {
    const groups: { noun: string; path: PathSegment[]; entries: [string, string][] }[] = [
      { noun: 'inbox', path: ['inboxes'], entries: aliasEntries(root['inboxes']) },
      { noun: 'label', path: ['labels'], entries: aliasEntries(root['labels']) },
    ];
    const kbs = Object.entries(nodeOf(root['knowledge_bases'])).filter(([, kb]) => isNode(kb));
    groups.push({
      noun: 'knowledge base',
      path: ['knowledge_bases'],
      entries: kbs.flatMap(([alias, kb]) => {
        const id = stringOf(nodeOf(kb)['id']);
        return id === undefined ? [] : [[alias, id] as [string, string]];
      }),
    });
    for (const [alias, kb] of kbs) {
      for (const [section, noun] of [
        ['files', 'file'],
        ['faqs', 'FAQ'],
      ] as const) {
        const path = ['knowledge_bases', alias, section];
        groups.push({ noun: `${noun} of ${alias}`, path, entries: aliasEntries(nodeOf(kb)[section]) });
      }
    }
    for (const { noun, path, entries } of groups) {
      const first = new Map<string, string>();
      for (const [alias, uuid] of entries) {
        const previous = first.get(uuid.toLowerCase());
        if (previous === undefined) {
          first.set(uuid.toLowerCase(), alias);
          continue;
        }
        report({
          message: `${noun} aliases "${previous}" and "${alias}" name the same UUID ${uuid}`,
          hint: `keep one alias, or fix the UUID of "${alias}" if it was copied by mistake`,
          path: [...path, alias],
          part: 'key',
        });
      }
    }
  },
};

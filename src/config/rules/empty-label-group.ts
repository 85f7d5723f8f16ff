import type { PathSegment } from '../parse-yaml.js';
import type { Rule } from './rule.js';
import { contactsWithRawGrants, grantOwners, isNode, listOf, nodeOf, walkLabels } from './walk-config.js';

export const emptyLabelGroup: Rule = {
  id: 'empty-label-group',
  severity: 'error',
  description: 'A label group `{any: []}` or `{all: []}` (or a raw `conditions: []`) has no members.',
  fix: 'list at least one label in the group, or remove the group',
  check({ root, report }) {
    const hint =
      'list at least one label, or remove the group: an empty AND/OR has no agreed meaning in the API';
    for (const owner of grantOwners(root)) {
      walkLabels(owner.node['labels'], [...owner.path, 'labels'], {
        group({ operator, items, path }) {
          if (items.length > 0) return;
          report({ message: `empty label group {${operator}: []}`, hint, path, part: 'key' });
        },
      });
    }
    for (const contact of contactsWithRawGrants(root)) {
      const walk = (group: unknown, path: PathSegment[], depth: number): void => {
        if (!isNode(group) || depth > 64 || !Array.isArray(group['conditions'])) return;
        if (group['conditions'].length === 0) {
          report({
            message: 'empty label_relations group (conditions: [])',
            hint,
            path: [...path, 'conditions'],
            part: 'key',
          });
        }
        listOf(group['conditions']).forEach((c, i) => walk(c, [...path, 'conditions', i], depth + 1));
      };
      const raw = nodeOf(contact.node['query_metadata']);
      walk(raw['label_relations'], [...contact.path, 'query_metadata', 'label_relations'], 0);
    }
  },
};

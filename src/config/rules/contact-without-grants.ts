import { inboxAliasOf } from '../references.js';
import type { Rule } from './rule.js';
import { contactSites, stringOf } from './walk-config.js';

export const contactWithoutGrants: Rule = {
  id: 'contact-without-grants',
  severity: 'warning',
  description:
    'A contact has neither a tier, grants nor query_metadata: it will be sent a deny-all query_metadata.',
  fix: 'give it a tier or grants; write `knowledge_bases: []` if deny-all is intended',
  check({ value, root, report }) {
    for (const site of contactSites(root)) {
      const { node } = site;
      if (['tier', 'labels', 'knowledge_bases', 'query_metadata'].some((k) => Object.hasOwn(node, k)))
        continue;
      const inbox = stringOf(node['inbox']);
      const who =
        inbox === undefined
          ? String(node['source_id'])
          : `${inboxAliasOf(value, inbox)}/${String(node['source_id'])}`;
      report({
        message: `contact ${who} has no tier, grants or query_metadata: it will be deny-all (no knowledge bases)`,
        hint: 'give it a tier or knowledge_bases grants; write `knowledge_bases: []` if deny-all is intended',
        path: site.path,
      });
    }
  },
};

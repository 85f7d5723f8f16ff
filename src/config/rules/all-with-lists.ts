import type { Rule } from './rule.js';
import { contactsWithRawGrants, grantOwners, isNode, kbGrants, listOf, nodeOf } from './walk-config.js';

export const allWithLists: Rule = {
  id: 'all-with-lists',
  severity: 'warning',
  description:
    'A knowledge-base grant has `all: true` and also lists files or FAQs, which `all` already includes.',
  fix: 'drop `all: true` to grant only the listed files and FAQs, or drop the lists',
  check({ root, report }) {
    const hint =
      'drop `all: true` to grant only the listed files and FAQs, or drop the lists to grant everything';
    for (const owner of grantOwners(root)) {
      for (const grant of kbGrants(owner)) {
        if (grant.node['all'] !== true) continue;
        if (listOf(grant.node['files']).length === 0 && listOf(grant.node['faqs']).length === 0) continue;
        report({
          message: `grant of knowledge base "${String(grant.node['kb'])}" has all: true and also lists files or FAQs`,
          hint,
          path: [...grant.path, 'all'],
          part: 'key',
        });
      }
    }
    for (const contact of contactsWithRawGrants(root)) {
      const raw = nodeOf(contact.node['query_metadata']);
      listOf(raw['knowledge_bases']).forEach((entry, i) => {
        if (!isNode(entry) || entry['has_user_selected_all'] !== 'True') return;
        if (listOf(entry['chatbot_file_ids']).length === 0 && listOf(entry['faq_ids']).length === 0) return;
        report({
          message: 'has_user_selected_all is "True" and chatbot_file_ids or faq_ids are listed too',
          hint: 'set has_user_selected_all to "False" to grant only the listed ids, or empty the lists',
          path: [...contact.path, 'query_metadata', 'knowledge_bases', i, 'has_user_selected_all'],
          part: 'key',
        });
      });
    }
  },
};

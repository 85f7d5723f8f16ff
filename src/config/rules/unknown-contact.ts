import { inboxAliasOf, lookupInbox } from '../references.js';
import { referenceIndex } from '../collect-references.js';
import type { Rule } from './rule.js';
import { unknownHint } from './suggest.js';
import { contactSites, stringOf } from './walk-config.js';

export const unknownContact: Rule = {
  id: 'unknown-contact',
  severity: 'error',
  description: 'A test names a contact address `<inbox>/<source_id>` that no declared contact has.',
  fix: 'use the address of a declared contact: its inbox alias, a slash, and its source_id',
  check({ value, root, report }) {
    const refs = referenceIndex(root).refs.filter((ref) => ref.kind === 'contact');
    if (refs.length === 0) return;
    const identities = new Set<string>();
    const addresses: string[] = [];
    for (const { node } of contactSites(root)) {
      const inbox = stringOf(node['inbox']);
      const sourceId = stringOf(node['source_id']);
      if (inbox === undefined || sourceId === undefined) continue;
      identities.add(`${lookupInbox(value, inbox) ?? inbox}/${sourceId}`);
      addresses.push(`${inboxAliasOf(value, inbox)}/${sourceId}`);
    }
    for (const ref of refs) {
      const slash = ref.ref.indexOf('/');
      if (slash < 1) continue; // the schema reports addresses without a slash
      const inbox = ref.ref.slice(0, slash);
      if (identities.has(`${lookupInbox(value, inbox) ?? inbox}/${ref.ref.slice(slash + 1)}`)) continue;
      report({
        message: `no declared contact has the address "${ref.ref}"`,
        hint: unknownHint(
          ref.ref,
          addresses,
          'an address is <inbox alias>/<source_id> of a declared contact',
        ),
        path: ref.path,
      });
    }
  },
};

import { formatLocation } from '../diagnostic.js';
import { inboxAliasOf, lookupInbox } from '../references.js';
import type { Rule } from './rule.js';
import { contactSites, stringOf, type ContactSite } from './walk-config.js';

export const duplicateAddress: Rule = {
  id: 'duplicate-address',
  severity: 'error',
  description:
    'Two contacts share an identity (inbox UUID, source_id), also when one names the inbox by alias and the other by UUID.',
  fix: 'remove one of them, or give each its own source_id',
  check({ value, root, config, report }) {
    // A map per inbox UUID: keys joined into one string would cost more to hash than the check itself.
    const seen = new Map<string, Map<string, ContactSite>>();
    const inboxIds = new Map<string, string>();
    for (const site of contactSites(root)) {
      const { node } = site;
      const inbox = stringOf(node['inbox']);
      const sourceId = stringOf(node['source_id']);
      if (inbox === undefined || sourceId === undefined) continue;
      let inboxId = inboxIds.get(inbox);
      if (inboxId === undefined) {
        inboxId = lookupInbox(value, inbox) ?? inbox;
        inboxIds.set(inbox, inboxId);
      }
      let ofInbox = seen.get(inboxId);
      if (!ofInbox) {
        ofInbox = new Map();
        seen.set(inboxId, ofInbox);
      }
      const first = ofInbox.get(sourceId);
      if (!first) {
        ofInbox.set(sourceId, site);
        continue;
      }
      const firstInbox = String(first.node['inbox']);
      const same = firstInbox === inbox ? '' : ` ("${firstInbox}" and "${inbox}" are the same inbox)`;
      const also = config.locate([...first.path, 'source_id']);
      report({
        message: `contact ${inboxAliasOf(value, inbox)}/${sourceId} is declared twice: here and at ${formatLocation(also)}${same}`,
        ...(also ? { also } : {}),
        hint: 'a contact is identified by (inbox, source_id), so apply would treat both as one; remove one or change its source_id',
        path: [...site.path, 'source_id'],
      });
    }
  },
};

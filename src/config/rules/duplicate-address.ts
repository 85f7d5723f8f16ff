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
    const sites = contactSites(root);
    const inboxIds = new Map<string, string>();
    const inboxIdOf = (inbox: string): string => {
      let inboxId = inboxIds.get(inbox);
      if (inboxId === undefined) {
        inboxId = lookupInbox(value, inbox) ?? inbox;
        inboxIds.set(inbox, inboxId);
      }
      return inboxId;
    };
    // A set of source_ids per inbox UUID, and only whether each one is new: one lookup per contact in
    // a large table (keys joined into one string would cost more to hash). Which contact came first is
    // looked up again only when some identity repeats.
    const seen = new Map<string, Set<string>>();
    let repeats = false;
    for (const { node } of sites) {
      const inbox = node['inbox'];
      const sourceId = node['source_id'];
      if (typeof inbox !== 'string' || typeof sourceId !== 'string') continue;
      const inboxId = inboxIdOf(inbox);
      let ofInbox = seen.get(inboxId);
      if (ofInbox === undefined) seen.set(inboxId, (ofInbox = new Set<string>()));
      const size = ofInbox.size;
      if (ofInbox.add(sourceId).size === size) repeats = true;
    }
    if (!repeats) return;
    const first = new Map<string, Map<string, ContactSite>>();
    for (const site of sites) {
      const inbox = stringOf(site.node['inbox']);
      const sourceId = stringOf(site.node['source_id']);
      if (inbox === undefined || sourceId === undefined) continue;
      const inboxId = inboxIdOf(inbox);
      let ofInbox = first.get(inboxId);
      if (!ofInbox) first.set(inboxId, (ofInbox = new Map<string, ContactSite>()));
      const earlier = ofInbox.get(sourceId);
      if (!earlier) {
        ofInbox.set(sourceId, site);
        continue;
      }
      const firstInbox = String(earlier.node['inbox']);
      const same = firstInbox === inbox ? '' : ` ("${firstInbox}" and "${inbox}" are the same inbox)`;
      const also = config.locate([...earlier.path, 'source_id']);
      report({
        message: `contact ${inboxAliasOf(value, inbox)}/${sourceId} is declared twice: here and at ${formatLocation(also)}${same}`,
        ...(also ? { also } : {}),
        hint: 'a contact is identified by (inbox, source_id), so apply would treat both as one; remove one or change its source_id',
        path: [...site.path, 'source_id'],
      });
    }
  },
};

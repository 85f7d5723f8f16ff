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
    // Only whether each identity is new, per inbox UUID. While an inbox's source_ids come in increasing
    // order (a roster exported by id, a sorted config) each is new by that alone: no table of a million
    // strings, whose lookups miss the cache. From the first one out of order, a set of that inbox's
    // source_ids (those so far included) answers. Which contact came first is looked up again only when
    // some identity repeats.
    const inboxes = new Map<string, SourceIds>();
    let repeats = false;
    for (let i = 0; i < sites.length; i++) {
      const { node } = sites[i] as ContactSite;
      const inbox = node['inbox'];
      const sourceId = node['source_id'];
      if (typeof inbox !== 'string' || typeof sourceId !== 'string') continue;
      const inboxId = inboxIdOf(inbox);
      let ofInbox = inboxes.get(inboxId);
      if (ofInbox === undefined)
        inboxes.set(inboxId, (ofInbox = { last: undefined, set: undefined, from: i }));
      if (ofInbox.set === undefined) {
        if (ofInbox.last === undefined || ofInbox.last < sourceId) {
          ofInbox.last = sourceId;
          continue;
        }
        ofInbox.set = sourceIdsBefore(sites, ofInbox.from, i, inboxId, inboxIdOf);
      }
      const size = ofInbox.set.size;
      if (ofInbox.set.add(sourceId).size === size) repeats = true;
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

/** What duplicate-address knows of one inbox's source_ids so far. */
interface SourceIds {
  /** The greatest so far, while they come in increasing order. */
  last: string | undefined;
  /** All so far, once one came out of order. */
  set: Set<string> | undefined;
  /** The index of the inbox's first contact. */
  from: number;
}

/** The source_ids of the contacts of `inboxId` among sites[from, to). */
function sourceIdsBefore(
  sites: readonly ContactSite[],
  from: number,
  to: number,
  inboxId: string,
  inboxIdOf: (inbox: string) => string,
): Set<string> {
  const set = new Set<string>();
  for (let i = from; i < to; i++) {
    const { node } = sites[i] as ContactSite;
    const inbox = node['inbox'];
    const sourceId = node['source_id'];
    if (typeof inbox === 'string' && typeof sourceId === 'string' && inboxIdOf(inbox) === inboxId)
      set.add(sourceId);
  }
  return set;
}

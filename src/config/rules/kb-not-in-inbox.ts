import type { PathSegment } from '../parse-yaml.js';
import { inboxAliasOf, lookupInbox, lookupKnowledgeBase } from '../references.js';
import type { Rule } from './rule.js';
import { contactSites, isNode, kbGrants, listOf, nodeOf, stringOf, tierChain } from './walk-config.js';

interface Restricted {
  alias: string;
  inboxes: Set<string>;
  names: string[];
}

/** The seed: a contact may only use "the knowledge bases of the specified conversation platform". */
export const kbNotInInbox: Rule = {
  id: 'kb-not-in-inbox',
  severity: 'error',
  description:
    "A contact is granted a knowledge base whose `inboxes:` list does not include the contact's inbox.",
  fix: "add the contact's inbox to the knowledge base's `inboxes:`, or remove the grant",
  check({ value, root, report }) {
    const restricted = new Map<string, Restricted>();
    for (const [alias, kb] of Object.entries(nodeOf(root['knowledge_bases']))) {
      const id = isNode(kb) ? stringOf(kb['id']) : undefined;
      if (id === undefined || !isNode(kb) || !Array.isArray(kb['inboxes'])) continue;
      const names = kb['inboxes'].filter((i): i is string => typeof i === 'string');
      restricted.set(id.toLowerCase(), {
        alias,
        names,
        inboxes: new Set(names.map((n) => lookupInbox(value, n) ?? n)),
      });
    }
    if (restricted.size === 0) return;
    const hint = (r: Restricted, inbox: string) =>
      `add ${inbox} to knowledge_bases.${r.alias}.inboxes if its assistant can use this knowledge base, or remove the grant`;
    const only = (r: Restricted) => (r.names.length ? r.names.join(', ') : '(none)');
    const kbIds = new Map<string, string | undefined>();
    const blocked = (kbRef: unknown, inboxId: string): Restricted | undefined => {
      if (typeof kbRef !== 'string') return undefined;
      let id = kbIds.get(kbRef);
      if (id === undefined && !kbIds.has(kbRef)) {
        id = lookupKnowledgeBase(value, kbRef);
        kbIds.set(kbRef, id);
      }
      const r = id === undefined ? undefined : restricted.get(id);
      return r && !r.inboxes.has(inboxId) ? r : undefined;
    };
    const viaTier = new Map<
      string,
      { r: Restricted; tier: string; inbox: string; path: PathSegment[]; who: string[] }
    >();
    const tierGrants = new Map<string, ReturnType<typeof kbGrants>>();
    const chains = new Map<string, string[]>();

    // Contacts of one tier and inbox share what the tier blocks: found once per pair.
    type Blocks = { key: string; r: Restricted; name: string; path: PathSegment[] }[];
    const blockedByTier = new Map<string | undefined, Map<string, Blocks>>();
    const tierBlocks = (tier: string | undefined, inboxId: string): Blocks => {
      let ofTier = blockedByTier.get(tier);
      if (!ofTier) blockedByTier.set(tier, (ofTier = new Map<string, Blocks>()));
      let found = ofTier.get(inboxId);
      if (found) return found;
      found = [];
      let chain = tier === undefined ? [] : chains.get(tier);
      if (!chain) {
        chain = tierChain(root, tier ?? '');
        chains.set(tier ?? '', chain);
      }
      for (const name of chain) {
        let grants = tierGrants.get(name);
        if (!grants) {
          grants = kbGrants({ node: nodeOf(nodeOf(root['tiers'])[name]), path: ['tiers', name] });
          tierGrants.set(name, grants);
        }
        for (const grant of grants) {
          const r = blocked(grant.node['kb'], inboxId);
          if (r)
            found.push({ key: `${grant.path.join('\u0000')}\u0001${inboxId}`, r, name, path: grant.path });
        }
      }
      ofTier.set(inboxId, found);
      return found;
    };
    const inboxes = new Map<string, { id: string | undefined; alias: string }>();
    const who = (alias: string, sourceId: unknown): string => `${alias}/${String(sourceId)}`;

    for (const contact of contactSites(root)) {
      const inbox = stringOf(contact.node['inbox']);
      if (inbox === undefined) continue;
      let known = inboxes.get(inbox);
      if (!known) {
        known = { id: lookupInbox(value, inbox), alias: inboxAliasOf(value, inbox) };
        inboxes.set(inbox, known);
      }
      const { id: inboxId, alias } = known;
      if (inboxId === undefined) continue;
      const sourceId = contact.node['source_id'];
      if (contact.node['knowledge_bases'] !== undefined) {
        for (const grant of kbGrants(contact)) {
          const r = blocked(grant.node['kb'], inboxId);
          if (!r) continue;
          report({
            message: `knowledge base "${r.alias}" is granted to contact ${who(alias, sourceId)}, but it is only available in inboxes: ${only(r)}`,
            hint: hint(r, alias),
            path: [...grant.path, 'kb'],
          });
        }
      }
      if (contact.node['query_metadata'] !== undefined) {
        const raw = nodeOf(contact.node['query_metadata']);
        listOf(raw['knowledge_bases']).forEach((entry, i) => {
          const r = isNode(entry) ? blocked(entry['knowledge_base_id'], inboxId) : undefined;
          if (!r) return;
          report({
            message: `knowledge base "${r.alias}" is granted to contact ${who(alias, sourceId)}, but it is only available in inboxes: ${only(r)}`,
            hint: hint(r, alias),
            path: [...contact.path, 'query_metadata', 'knowledge_bases', i, 'knowledge_base_id'],
          });
        });
      }
      for (const { key, r, name, path } of tierBlocks(stringOf(contact.node['tier']), inboxId)) {
        let group = viaTier.get(key);
        if (!group) {
          group = { r, tier: name, inbox: alias, path: [...path, 'kb'], who: [] };
          viaTier.set(key, group);
        }
        group.who.push(who(alias, sourceId));
      }
    }
    for (const { r, tier, inbox, path, who } of viaTier.values()) {
      const listed =
        who.length > 3 ? `${who.slice(0, 3).join(', ')} and ${who.length - 3} more` : who.join(', ');
      report({
        message: `tier "${tier}" grants knowledge base "${r.alias}" to contacts of inbox ${inbox} (${listed}), but it is only available in inboxes: ${only(r)}`,
        hint: hint(r, inbox),
        path,
      });
    }
  },
};

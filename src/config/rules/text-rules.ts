/**
 * The text rules (see ../text-checks.ts, where the checks live as functions of (value, location) so
 * rosters apply the same ones): unsafe characters anywhere, whitespace around identities, source_ids
 * a reader cannot tell apart, and an empty config.
 */
import type { PathSegment } from '../parse-yaml.js';
import { lookupInbox } from '../references.js';
import {
  checkCharacters,
  checkIdentityWhitespace,
  isPlainSourceId,
  looseSourceIdKey,
  SourceIdCollisions,
  TEXT_RULE_IDS,
} from '../text-checks.js';
import type { ContactsConfig } from '../contacts-config.generated.js';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import type { Finding, Rule } from './rule.js';
import { scanStrings } from './string-scan.js';
import { contactSites, isNode, stringOf, type ContactSite, type Node } from './walk-config.js';
import { oncePer } from '../../util/once-per.js';

const IDENTITY_FIELDS = new Set(['source_id', 'name']);

function toFinding(d: Diagnostic, path: PathSegment[], part?: 'key'): Finding {
  const finding: Finding = { message: d.message, hint: d.hint ?? '', path, severity: d.severity };
  if (part) finding.part = part;
  return finding;
}

export const unsafeCharacter: Rule = {
  id: TEXT_RULE_IDS.unsafeCharacter,
  severity: 'error',
  description:
    'A string (value or key) holds a control character (C0 but tab and line feed, DEL, C1), NUL, a bidi control or a lone surrogate; source_id and name allow no tab or line feed either.',
  fix: 'remove the character (or write it as visible text)',
  check({ root, report }) {
    // Printable ASCII holds nothing to find: the scan keeps only the other strings.
    for (const { text, path, part } of scanStrings(root).unusual) {
      const field = path[path.length - 1];
      const strict = part === 'value' && path[0] === 'contacts' && IDENTITY_FIELDS.has(String(field));
      const what = part === 'key' ? `the key ${JSON.stringify(text)}` : String(field ?? 'the value');
      for (const d of checkCharacters(text, undefined, what, strict)) {
        report(toFinding(d, [...path], part === 'key' ? 'key' : undefined));
      }
    }
  },
};

/**
 * Whether `value` may start or end with whitespace: true unless both ends are visible ASCII. Nearly every
 * identity is, and is then not trimmed and compared again.
 */
function mayHaveOuterSpace(value: string): boolean {
  if (value.length === 0) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f;
}

/** The whitespace findings of one contacts list (for both identity rules), found in one pass. */
const whitespaceCache = new WeakMap<readonly ContactSite[], { d: Diagnostic; at: PathSegment[] }[]>();

function identityWhitespace(root: Node): { d: Diagnostic; at: PathSegment[] }[] {
  return oncePer(whitespaceCache, contactSites(root), (sites) => {
    const found: { d: Diagnostic; at: PathSegment[] }[] = [];
    for (const site of sites) {
      for (const field of IDENTITY_FIELDS) {
        const value = site.node[field];
        if (typeof value !== 'string' || !mayHaveOuterSpace(value)) continue;
        for (const d of checkIdentityWhitespace(field, value, undefined))
          found.push({ d, at: [...site.path, field] });
      }
    }
    return found;
  });
}

function identityRule(id: string, description: string, fix: string): Rule {
  return {
    id,
    severity: 'error',
    description,
    fix,
    check({ root, report }) {
      for (const { d, at } of identityWhitespace(root)) {
        if (d.rule === id) report(toFinding(d, at));
      }
    },
  };
}

export const surroundingWhitespace = identityRule(
  TEXT_RULE_IDS.surroundingWhitespace,
  'A contact source_id or name starts or ends with whitespace (MaiAgent trims it, so the contact would never match what is live again).',
  'remove the leading or trailing whitespace',
);

export const blankValue = identityRule(
  TEXT_RULE_IDS.blankValue,
  'A contact source_id or name is only whitespace.',
  'write a value with visible characters',
);

/** The collision findings of one contacts list, found once for both collision rules. */
const collisionsCache = new WeakMap<readonly unknown[], { d: Diagnostic; at: PathSegment[] }[]>();

function sourceIdCollisions(
  value: ContactsConfig,
  root: Node,
  locate: (path: PathSegment[]) => SourceLocation | undefined,
): { d: Diagnostic; at: PathSegment[] }[] {
  const sites = contactSites(root);
  let found = collisionsCache.get(sites);
  if (found) return found;
  found = [];
  // Two source_ids can only be confused when one of them is not "plain" (printable ASCII without
  // capitals): plain ones are their own loose key, and equal plain ones are duplicate-address's
  // business. Most configs have no other kind, and then there is nothing to compare.
  const inboxIds = new Map<string, string>();
  const inboxIdOf = (inbox: string): string => {
    let inboxId = inboxIds.get(inbox);
    if (inboxId === undefined) {
      inboxId = (lookupInbox(value, inbox) ?? inbox).toLowerCase();
      inboxIds.set(inbox, inboxId);
    }
    return inboxId;
  };
  const looseKeys = new Set<string>();
  for (const { node } of sites) {
    const sourceId = node['source_id'];
    if (typeof sourceId === 'string' && !isPlainSourceId(sourceId)) looseKeys.add(looseSourceIdKey(sourceId));
  }
  if (looseKeys.size === 0) {
    collisionsCache.set(sites, found);
    return found;
  }
  // The contacts that share a loose key with one that is not plain, in config order.
  const collisions = new SourceIdCollisions();
  for (const site of sites) {
    const inbox = stringOf(site.node['inbox']);
    const sourceId = stringOf(site.node['source_id']);
    if (inbox === undefined || sourceId === undefined) continue;
    if (!looseKeys.has(isPlainSourceId(sourceId) ? sourceId : looseSourceIdKey(sourceId))) continue;
    const at = (): PathSegment[] => [...site.path, 'source_id'];
    for (const d of collisions.add(inboxIdOf(inbox), sourceId, () => locate(at())))
      found.push({ d, at: at() });
  }
  collisionsCache.set(sites, found);
  return found;
}

function collisionRule(id: string, severity: 'error' | 'warning', description: string, fix: string): Rule {
  return {
    id,
    severity,
    description,
    fix,
    check({ root, value, config, report }) {
      for (const { d, at } of sourceIdCollisions(value, root, (path) => config.locate(path))) {
        if (d.rule === id) report(toFinding(d, at));
      }
    },
  };
}

export const confusableSourceId = collisionRule(
  TEXT_RULE_IDS.confusableSourceId,
  'error',
  'Two source_ids of one inbox are equal after Unicode normalisation (NFC) or differ only by invisible characters (zero-width, NBSP for a space).',
  'use one spelling for one person; make different people visibly different',
);

export const similarSourceId = collisionRule(
  TEXT_RULE_IDS.similarSourceId,
  'warning',
  'Two source_ids of one inbox differ only by case or compatibility form (NFKC, e.g. full-width letters).',
  'use one spelling if they are one person',
);

export const emptyConfig: Rule = {
  id: 'empty-config',
  severity: 'warning',
  description: 'The config declares no contacts, tiers or rosters: applying it manages nothing.',
  fix: 'add contacts (or check that -c names the right files)',
  check({ root, report }) {
    const has = (key: string): boolean => {
      const v = root[key];
      return Array.isArray(v) ? v.length > 0 : isNode(v) && Object.keys(v).length > 0;
    };
    if (has('contacts') || has('tiers') || has('rosters')) return;
    report({
      message: 'the config is empty: it declares no contacts, tiers or rosters',
      hint: 'add contacts, or check that -c names the right files',
      path: [],
    });
  },
};

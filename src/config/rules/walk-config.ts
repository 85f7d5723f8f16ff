/**
 * Defensive views of the merged config for the semantic rules. Rules also run on configs that failed
 * the schema (so one run reports every problem): these helpers yield only nodes of the right shape,
 * each with its path, and never throw on anything else.
 */
import type { PathSegment } from '../parse-yaml.js';
import { oncePer } from '../../util/once-per.js';

export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function nodeOf(value: unknown): Node {
  return isNode(value) ? value : {};
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Entries of a map section (`inboxes`, `tiers` …) whose value is a string: alias -> UUID. */
export function aliasEntries(value: unknown): [string, string][] {
  return Object.entries(nodeOf(value)).filter((e): e is [string, string] => typeof e[1] === 'string');
}

export interface Site {
  path: PathSegment[];
  node: Node;
}

export interface TierSite extends Site {
  name: string;
}

export function tierSites(config: Node): TierSite[] {
  return Object.entries(nodeOf(config['tiers']))
    .filter((e): e is [string, Node] => isNode(e[1]))
    .map(([name, node]) => ({ name, node, path: ['tiers', name] }));
}

export interface ContactSite extends Site {
  index: number;
}

/** A contact of the list; its path is made when read (for a finding), not for each of a million. */
class ContactAt implements ContactSite {
  constructor(
    readonly index: number,
    readonly node: Node,
  ) {}

  get path(): PathSegment[] {
    return ['contacts', this.index];
  }
}

const contactSitesCache = new WeakMap<unknown[], readonly ContactSite[]>();

/** Every contact object with its index and path; computed once per contacts list (rules share it). */
export function contactSites(config: Node): readonly ContactSite[] {
  return oncePer(contactSitesCache, listOf(config['contacts']), (list) => {
    const found: ContactSite[] = [];
    list.forEach((node, index) => {
      if (isNode(node)) found.push(new ContactAt(index, node));
    });
    return found;
  });
}

/** Each object of a list section (`policies`, `tests`), with its path. */
export function listSites(config: Node, section: string): (Site & { index: number })[] {
  const sites: (Site & { index: number })[] = [];
  listOf(config[section]).forEach((node, index) => {
    if (isNode(node)) sites.push({ index, node, path: [section, index] });
  });
  return sites;
}

const withGrantsCache = new WeakMap<readonly ContactSite[], readonly ContactSite[]>();

/** The contacts that write `labels:` or `knowledge_bases:` of their own (most only name a tier). */
export function contactsWithGrants(config: Node): readonly ContactSite[] {
  return oncePer(withGrantsCache, contactSites(config), (sites) =>
    sites.filter(({ node }) => node['labels'] !== undefined || node['knowledge_bases'] !== undefined),
  );
}

/** The contacts that write a raw `query_metadata`. */
export function contactsWithRawGrants(config: Node): readonly ContactSite[] {
  return contactSites(config).filter(({ node }) => node['query_metadata'] !== undefined);
}

/** Everything that writes `labels:` or `knowledge_bases:` grants: tiers first, then contacts. */
export function grantOwners(config: Node): Site[] {
  return [...tierSites(config), ...contactsWithGrants(config)];
}

/** The knowledge-base grants (`{kb, files, faqs, all}`) written on one tier or contact. */
export function kbGrants(owner: Site): Site[] {
  const sites: Site[] = [];
  listOf(owner.node['knowledge_bases']).forEach((node, i) => {
    if (isNode(node)) sites.push({ node, path: [...owner.path, 'knowledge_bases', i] });
  });
  return sites;
}

export interface LabelGroupSite {
  operator: 'any' | 'all';
  items: unknown[];
  path: PathSegment[];
}

/** Walks a label expression: each label reference and each `{any}` / `{all}` group, with paths. */
export function walkLabels(
  expression: unknown,
  path: PathSegment[],
  visit: { ref?(ref: string, path: PathSegment[]): void; group?(group: LabelGroupSite): void },
  depth = 0,
): void {
  if (typeof expression === 'string') {
    visit.ref?.(expression, path);
    return;
  }
  if (!isNode(expression) || depth > 64) return;
  for (const operator of ['any', 'all'] as const) {
    const items = expression[operator];
    if (!Array.isArray(items)) continue;
    visit.group?.({ operator, items, path: [...path, operator] });
    items.forEach((item, i) => walkLabels(item, [...path, operator, i], visit, depth + 1));
  }
}

/** The tiers a tier extends directly, as written (strings only). */
export function extendsOf(tier: Node): string[] {
  const value = tier['extends'];
  if (typeof value === 'string') return [value];
  return listOf(value).filter((v): v is string => typeof v === 'string');
}

/** A tier and all its ancestors, each once, in resolution order; safe on cycles and unknown names. */
export function tierChain(config: Node, name: string): string[] {
  const tiers = nodeOf(config['tiers']);
  const seen: string[] = [];
  const visit = (tier: string): void => {
    if (seen.includes(tier) || !Object.hasOwn(tiers, tier)) return;
    seen.push(tier);
    const node = tiers[tier];
    if (isNode(node)) extendsOf(node).forEach(visit);
  };
  visit(name);
  return seen;
}

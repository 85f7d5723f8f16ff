/**
 * Every place the config names something declared elsewhere (an inbox, label, knowledge base, file,
 * FAQ, tier or contact), with its path. The unknown-* and unused-* rules are built on this list as
 * written; `validate --remote` and the emulator's `--seed-config` on the MaiAgent objects it names.
 */
import type { ContactsConfig } from './contacts-config.generated.js';
import type { PathSegment } from './parse-yaml.js';
import { findKnowledgeBase, isUuid, lookupKnowledgeBase } from './references.js';
import {
  aliasEntries,
  extendsOf,
  isNode,
  kbGrants,
  listOf,
  listSites,
  nodeOf,
  stringOf,
  tierSites,
  contactSites,
  walkLabels,
  type Node,
  type Site,
} from './rules/walk-config.js';
import { oncePer } from '../util/once-per.js';

export type ReferenceKind = 'inbox' | 'label' | 'knowledge-base' | 'file' | 'faq' | 'tier' | 'contact';

export interface Reference {
  kind: ReferenceKind;
  ref: string;
  path: PathSegment[];
  /** For files and FAQs: the knowledge base they are named under. */
  kb?: string;
  /** Written inside a raw `query_metadata`: always a UUID, never an alias. */
  raw?: boolean;
}

/** A contact's own field that names something declared elsewhere. */
export type ContactField = 'inbox' | 'tier';

/**
 * The references of a config, as the rules read them. A contact's own `inbox` and `tier` (two for each
 * of a million roster contacts) are not made one reference each: `contactValues` holds each value
 * written there once, and `contactUses` gives the contacts that write one (for a finding).
 */
export interface ReferenceIndex {
  /** Every reference but the contacts' own `inbox` and `tier`, in document order. */
  refs: readonly Reference[];
  /** Each value written in contacts' own `inbox` (or `tier`) field, once, in order of first use. */
  contactValues: Readonly<Record<ContactField, ReadonlySet<string>>>;
}

/** A contact's own inbox or tier reference, made only for a finding. */
class ContactFieldReference implements Reference {
  constructor(
    readonly kind: ReferenceKind,
    readonly ref: string,
    private readonly owner: { readonly path: readonly PathSegment[] },
    private readonly field: string,
  ) {}

  get path(): PathSegment[] {
    return [...this.owner.path, this.field];
  }
}

const indexCache = new WeakMap<object, ReferenceIndex>();

export function referenceIndex(config: Node): ReferenceIndex {
  return oncePer(indexCache, config, collect);
}

const usesCache = new WeakMap<object, Record<ContactField, Map<string, Reference[]>>>();

/** The contacts' own `field` references that name `value`, in config order (one pass, on first use). */
export function contactUses(config: Node, field: ContactField, value: string): readonly Reference[] {
  const uses = oncePer(usesCache, config, () => {
    const found = { inbox: new Map<string, Reference[]>(), tier: new Map<string, Reference[]>() };
    for (const site of contactSites(config)) {
      for (const name of CONTACT_FIELDS) {
        const written = site.node[name];
        if (typeof written !== 'string') continue;
        const list = found[name].get(written);
        const ref = new ContactFieldReference(name, written, site, name);
        if (list) list.push(ref);
        else found[name].set(written, [ref]);
      }
    }
    return found;
  });
  return uses[field].get(value) ?? [];
}

const CONTACT_FIELDS: readonly ContactField[] = ['inbox', 'tier'];

/**
 * Every reference, contacts' own fields included, each with its path: for the commands that look at
 * each place of use (validate --remote, the emulator's seed), not for the rules.
 */
export function collectReferences(config: Node): Reference[] {
  const { refs } = referenceIndex(config);
  const all: Reference[] = [];
  // In document order: each contact's own inbox and tier before the rest of its references.
  let next = 0;
  const inContact = (ref: Reference | undefined, index?: number): boolean =>
    ref !== undefined && ref.path[0] === 'contacts' && (index === undefined || ref.path[1] === index);
  while (next < refs.length && !inContact(refs[next])) all.push(refs[next++] as Reference);
  for (const site of contactSites(config)) {
    for (const field of CONTACT_FIELDS) {
      const value = site.node[field];
      if (typeof value === 'string') all.push(new ContactFieldReference(field, value, site, field));
    }
    while (inContact(refs[next], site.index)) all.push(refs[next++] as Reference);
  }
  while (next < refs.length) all.push(refs[next++] as Reference);
  return all;
}

function collect(config: Node): ReferenceIndex {
  const refs: Reference[] = [];
  const contactValues = { inbox: new Set<string>(), tier: new Set<string>() };
  const add = (kind: ReferenceKind, value: unknown, path: PathSegment[], extra?: Partial<Reference>) => {
    if (typeof value === 'string')
      refs.push(extra ? { kind, ref: value, path, ...extra } : { kind, ref: value, path });
  };
  const addList = (kind: ReferenceKind, value: unknown, path: PathSegment[], extra?: Partial<Reference>) =>
    listOf(value).forEach((v, i) => add(kind, v, [...path, i], extra));
  /** `{kb, file, faq, labels}` of policies and tests. */
  const addAccess = (value: unknown, path: PathSegment[]) => {
    if (!isNode(value)) return;
    add('knowledge-base', value['kb'], [...path, 'kb']);
    const kb = stringOf(value['kb']);
    add('file', value['file'], [...path, 'file'], { kb });
    add('faq', value['faq'], [...path, 'faq'], { kb });
    addList('label', value['labels'], [...path, 'labels']);
  };

  for (const [name, kb] of Object.entries(nodeOf(config['knowledge_bases']))) {
    if (isNode(kb)) addList('inbox', kb['inboxes'], ['knowledge_bases', name, 'inboxes']);
  }
  const ownGrants = (owner: Site): void => {
    const { node } = owner;
    if (node['labels'] !== undefined)
      walkLabels(node['labels'], [...owner.path, 'labels'], { ref: (ref, at) => add('label', ref, at) });
    if (node['knowledge_bases'] === undefined) return;
    for (const grant of kbGrants(owner)) {
      add('knowledge-base', grant.node['kb'], [...grant.path, 'kb']);
      const kb = stringOf(grant.node['kb']);
      addList('file', grant.node['files'], [...grant.path, 'files'], { kb });
      addList('faq', grant.node['faqs'], [...grant.path, 'faqs'], { kb });
    }
  };
  for (const tier of tierSites(config)) {
    const single = typeof tier.node['extends'] === 'string';
    extendsOf(tier.node).forEach((parent, i) =>
      add('tier', parent, single ? [...tier.path, 'extends'] : [...tier.path, 'extends', i]),
    );
    ownGrants(tier);
  }
  // 100,000 contacts: most carry an inbox and a tier and nothing else to look into.
  for (const contact of contactSites(config)) {
    const { node } = contact;
    const inbox = node['inbox'];
    if (typeof inbox === 'string') contactValues.inbox.add(inbox);
    const tier = node['tier'];
    if (typeof tier === 'string') contactValues.tier.add(tier);
    if (node['query_metadata'] !== undefined)
      collectRaw(node['query_metadata'], [...contact.path, 'query_metadata'], add);
    ownGrants(contact);
  }
  for (const policy of listSites(config, 'policies')) {
    addList('tier', policy.node['tiers'], [...policy.path, 'tiers']);
    addList('inbox', policy.node['inboxes'], [...policy.path, 'inboxes']);
    addAccess(policy.node['deny'], [...policy.path, 'deny']);
  }
  for (const test of listSites(config, 'tests')) {
    add('tier', test.node['tier'], [...test.path, 'tier']);
    add('contact', test.node['contact'], [...test.path, 'contact']);
    addAccess(test.node['can'], [...test.path, 'can']);
    addAccess(test.node['cannot'], [...test.path, 'cannot']);
  }
  return { refs, contactValues };
}

type Add = (kind: ReferenceKind, value: unknown, path: PathSegment[], extra?: Partial<Reference>) => void;

/** UUIDs inside a raw `query_metadata`. They count as uses of the aliases that name them. */
function collectRaw(value: unknown, path: PathSegment[], add: Add): void {
  if (!isNode(value)) return;
  listOf(value['knowledge_bases']).forEach((entry, i) => {
    if (!isNode(entry)) return;
    const at: PathSegment[] = [...path, 'knowledge_bases', i];
    const kb = stringOf(entry['knowledge_base_id']);
    add('knowledge-base', kb, [...at, 'knowledge_base_id'], { raw: true });
    listOf(entry['chatbot_file_ids']).forEach((id, j) =>
      add('file', id, [...at, 'chatbot_file_ids', j], { kb, raw: true }),
    );
    listOf(entry['faq_ids']).forEach((id, j) => add('faq', id, [...at, 'faq_ids', j], { kb, raw: true }));
  });
  const walk = (group: unknown, at: PathSegment[], depth: number): void => {
    if (!isNode(group) || depth > 64) return;
    add('label', group['label_id'], [...at, 'label_id'], { raw: true });
    listOf(group['conditions']).forEach((c, i) => walk(c, [...at, 'conditions', i], depth + 1));
  };
  walk(value['label_relations'], [...path, 'label_relations'], 0);
}

/** The kinds of object that live in MaiAgent (tiers and contacts are the config's own). */
export type ObjectKind = Exclude<ReferenceKind, 'tier' | 'contact'>;

export interface ObjectReference {
  kind: ObjectKind;
  /** Lower-cased UUID. */
  id: string;
  /** The alias, or the UUID itself when used raw. */
  name: string;
  /** For files and FAQs: the knowledge base they belong to. */
  knowledgeBaseId?: string;
  path: PathSegment[];
}

/**
 * Every MaiAgent object the config refers to: each declared alias once, at its declaration, then each
 * raw UUID no declaration covers, at its place of use (inside a raw `query_metadata`, every UUID).
 */
export function collectObjectReferences(config: ContactsConfig): ObjectReference[] {
  const root = config as Node;
  const refs: ObjectReference[] = [];
  const declare = (kind: ObjectKind, map: unknown, path: PathSegment[], knowledgeBaseId?: string) => {
    for (const [name, id] of aliasEntries(map))
      refs.push(objectReference(kind, id, name, [...path, name], knowledgeBaseId));
  };
  declare('inbox', root['inboxes'], ['inboxes']);
  declare('label', root['labels'], ['labels']);
  for (const [alias, kb] of Object.entries(nodeOf(root['knowledge_bases']))) {
    if (!isNode(kb) || typeof kb['id'] !== 'string') continue;
    const id = kb['id'].toLowerCase();
    refs.push(objectReference('knowledge-base', id, alias, ['knowledge_bases', alias, 'id']));
    declare('file', kb['files'], ['knowledge_bases', alias, 'files'], id);
    declare('faq', kb['faqs'], ['knowledge_bases', alias, 'faqs'], id);
  }
  for (const ref of collectReferences(root)) {
    const use = rawUse(config, ref);
    if (use) refs.push(use);
  }
  return refs;
}

/** A reference written as a UUID that names no declared object (or any UUID of a raw `query_metadata`). */
function rawUse(config: ContactsConfig, ref: Reference): ObjectReference | undefined {
  const { kind, path } = ref;
  if (kind === 'tier' || kind === 'contact' || !isUuid(ref.ref)) return undefined;
  const use = (knowledgeBaseId?: string) => objectReference(kind, ref.ref, ref.ref, path, knowledgeBaseId);
  if (kind === 'inbox') return declares(config.inboxes, ref.ref) ? undefined : use();
  if (kind === 'label') return ref.raw || !declares(config.labels, ref.ref) ? use() : undefined;
  if (kind === 'knowledge-base') return ref.raw || !findKnowledgeBase(config, ref.ref) ? use() : undefined;
  if (ref.raw) return ref.kb !== undefined && isUuid(ref.kb) ? use(ref.kb.toLowerCase()) : undefined;
  const knowledgeBaseId = ref.kb === undefined ? undefined : lookupKnowledgeBase(config, ref.kb);
  if (knowledgeBaseId === undefined) return undefined;
  const members = ref.kb === undefined ? undefined : findKnowledgeBase(config, ref.kb)?.kb;
  return declares(kind === 'file' ? members?.files : members?.faqs, ref.ref)
    ? undefined
    : use(knowledgeBaseId);
}

function objectReference(
  kind: ObjectKind,
  uuid: string,
  name: string,
  path: PathSegment[],
  knowledgeBaseId?: string,
): ObjectReference {
  const id = uuid.toLowerCase();
  return knowledgeBaseId === undefined ? { kind, id, name, path } : { kind, id, name, knowledgeBaseId, path };
}

/** Whether an alias map declares `ref`, as an alias or as one of its UUIDs. */
function declares(map: Record<string, string> | undefined, ref: string): boolean {
  if (map === undefined) return false;
  const id = ref.toLowerCase();
  return Object.hasOwn(map, ref) || Object.values(map).some((v) => v.toLowerCase() === id);
}

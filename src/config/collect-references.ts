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

const cache = new WeakMap<object, Reference[]>();

/**
 * A contact's own inbox or tier reference, two for each of 100,000 contacts: its path is made only when
 * it is read (a finding names it), not for every reference.
 */
class ContactFieldReference implements Reference {
  constructor(
    readonly kind: ReferenceKind,
    readonly ref: string,
    private readonly owner: readonly PathSegment[],
    private readonly field: string,
  ) {}

  get path(): PathSegment[] {
    return [...this.owner, this.field];
  }
}

export function collectReferences(config: Node): Reference[] {
  let refs = cache.get(config);
  if (!refs) {
    refs = collect(config);
    cache.set(config, refs);
  }
  return refs;
}

function collect(config: Node): Reference[] {
  const refs: Reference[] = [];
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
    const { node, path } = owner;
    if (node['labels'] !== undefined)
      walkLabels(node['labels'], [...path, 'labels'], { ref: (ref, at) => add('label', ref, at) });
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
    const { node, path } = contact;
    const inbox = node['inbox'];
    if (typeof inbox === 'string') refs.push(new ContactFieldReference('inbox', inbox, path, 'inbox'));
    const tier = node['tier'];
    if (typeof tier === 'string') refs.push(new ContactFieldReference('tier', tier, path, 'tier'));
    if (node['query_metadata'] !== undefined)
      collectRaw(node['query_metadata'], [...path, 'query_metadata'], add);
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
  return refs;
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

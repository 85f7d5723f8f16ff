/**
 * Every place the config names something declared elsewhere (an inbox, label, knowledge base, file,
 * FAQ, tier or contact), with its path. The unknown-* and unused-* rules are built on this list.
 */
import type { PathSegment } from '../parse-yaml.js';
import {
  extendsOf,
  grantOwners,
  isNode,
  kbGrants,
  listOf,
  listSites,
  nodeOf,
  stringOf,
  walkLabels,
  type Node,
} from './walk-config.js';

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
  for (const owner of grantOwners(config)) {
    const { node, path } = owner;
    if (path[0] === 'tiers') {
      const single = typeof node['extends'] === 'string';
      extendsOf(node).forEach((parent, i) =>
        add('tier', parent, single ? [...path, 'extends'] : [...path, 'extends', i]),
      );
    } else {
      add('inbox', node['inbox'], [...path, 'inbox']);
      add('tier', node['tier'], [...path, 'tier']);
      if (node['query_metadata'] !== undefined)
        collectRaw(node['query_metadata'], [...path, 'query_metadata'], add);
    }
    if (node['labels'] !== undefined)
      walkLabels(node['labels'], [...path, 'labels'], { ref: (ref, at) => add('label', ref, at) });
    for (const grant of kbGrants(owner)) {
      add('knowledge-base', grant.node['kb'], [...grant.path, 'kb']);
      const kb = stringOf(grant.node['kb']);
      addList('file', grant.node['files'], [...grant.path, 'files'], { kb });
      addList('faq', grant.node['faqs'], [...grant.path, 'faqs'], { kb });
    }
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

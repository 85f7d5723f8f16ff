/**
 * Every MaiAgent object a config refers to, with the config path that names it: declared aliases
 * (at their declaration) and raw UUIDs used directly in grants, label expressions, raw
 * `query_metadata`, policies and tests (at the place of use). Pure; used by `validate --remote`
 * and by the emulator's `--seed-config`.
 */
import type {
  ContactsConfig,
  KnowledgeBaseGrant,
  LabelExpression,
} from '../config/contacts-config.generated.js';
import type { PathSegment } from '../config/parse-yaml.js';
import { findKnowledgeBase, isUuid, lookupKnowledgeBase } from '../config/references.js';

export type ReferenceKind = 'inbox' | 'knowledge-base' | 'label' | 'file' | 'faq';

export interface ConfigReference {
  kind: ReferenceKind;
  /** Lower-cased UUID. */
  id: string;
  /** The alias, or the UUID itself when used raw. */
  name: string;
  /** For files and FAQs: the knowledge base they belong to. */
  knowledgeBaseId?: string;
  path: PathSegment[];
}

type Access = { kb: string; file?: string; faq?: string; labels?: string[] };

export function collectReferences(config: ContactsConfig): ConfigReference[] {
  const refs: ConfigReference[] = [];
  const declared = (values: Record<string, string> | undefined): Set<string> =>
    new Set(Object.values(values ?? {}).map((v) => v.toLowerCase()));
  const inboxIds = declared(config.inboxes);
  const labelIds = declared(config.labels);
  const add = (ref: ConfigReference): void => void refs.push(ref);
  /** A raw UUID that no declaration covers. */
  const raw = (ref: string, known: Set<string>, aliases: Record<string, string> | undefined): boolean =>
    !(aliases && Object.hasOwn(aliases, ref)) && isUuid(ref) && !known.has(ref.toLowerCase());

  for (const [alias, id] of Object.entries(config.inboxes ?? {})) {
    add({ kind: 'inbox', id: id.toLowerCase(), name: alias, path: ['inboxes', alias] });
  }
  for (const [alias, id] of Object.entries(config.labels ?? {})) {
    add({ kind: 'label', id: id.toLowerCase(), name: alias, path: ['labels', alias] });
  }
  for (const [alias, kb] of Object.entries(config.knowledge_bases ?? {})) {
    const kbId = kb.id.toLowerCase();
    add({ kind: 'knowledge-base', id: kbId, name: alias, path: ['knowledge_bases', alias, 'id'] });
    for (const kind of ['files', 'faqs'] as const) {
      for (const [name, id] of Object.entries(kb[kind] ?? {})) {
        const refKind = kind === 'files' ? 'file' : 'faq';
        add({
          kind: refKind,
          id: id.toLowerCase(),
          name,
          knowledgeBaseId: kbId,
          path: ['knowledge_bases', alias, kind, name],
        });
      }
    }
    (kb.inboxes ?? []).forEach((ref, i) => {
      if (raw(ref, inboxIds, config.inboxes)) {
        add({
          kind: 'inbox',
          id: ref.toLowerCase(),
          name: ref,
          path: ['knowledge_bases', alias, 'inboxes', i],
        });
      }
    });
  }

  const inbox = (ref: string, path: PathSegment[]): void => {
    if (raw(ref, inboxIds, config.inboxes)) add({ kind: 'inbox', id: ref.toLowerCase(), name: ref, path });
  };
  const label = (ref: string, path: PathSegment[]): void => {
    if (raw(ref, labelIds, config.labels)) add({ kind: 'label', id: ref.toLowerCase(), name: ref, path });
  };
  const labelExpression = (expression: LabelExpression, path: PathSegment[]): void => {
    if (typeof expression === 'string') return label(expression, path);
    const [op, list] = 'any' in expression ? ['any', expression.any] : ['all', expression.all];
    list.forEach((e, i) => labelExpression(e, [...path, op, i]));
  };
  /** A knowledge base named by a grant or an access, and the file / FAQ UUIDs in it. */
  const kbItems = (
    kbRef: string,
    kind: 'files' | 'faqs',
    refs: readonly string[],
    pathOf: (i: number) => PathSegment[],
  ): void => {
    const found = findKnowledgeBase(config, kbRef);
    const kbId = lookupKnowledgeBase(config, kbRef);
    if (!kbId) return;
    const ids = declared(found?.kb[kind]);
    refs.forEach((ref, i) => {
      if (raw(ref, ids, found?.kb[kind])) {
        add({
          kind: kind === 'files' ? 'file' : 'faq',
          id: ref.toLowerCase(),
          name: ref,
          knowledgeBaseId: kbId,
          path: pathOf(i),
        });
      }
    });
  };
  const kb = (ref: string, path: PathSegment[]): void => {
    if (!findKnowledgeBase(config, ref) && isUuid(ref)) {
      add({ kind: 'knowledge-base', id: ref.toLowerCase(), name: ref, path });
    }
  };
  const grants = (list: readonly KnowledgeBaseGrant[] | undefined, path: PathSegment[]): void =>
    (list ?? []).forEach((grant, i) => {
      kb(grant.kb, [...path, i, 'kb']);
      kbItems(grant.kb, 'files', grant.files ?? [], (j) => [...path, i, 'files', j]);
      kbItems(grant.kb, 'faqs', grant.faqs ?? [], (j) => [...path, i, 'faqs', j]);
    });
  const access = (a: Access | undefined, path: PathSegment[]): void => {
    if (!a) return;
    kb(a.kb, [...path, 'kb']);
    if (a.file !== undefined) kbItems(a.kb, 'files', [a.file], () => [...path, 'file']);
    if (a.faq !== undefined) kbItems(a.kb, 'faqs', [a.faq], () => [...path, 'faq']);
    (a.labels ?? []).forEach((l, i) => label(l, [...path, 'labels', i]));
  };

  for (const [name, tier] of Object.entries(config.tiers ?? {})) {
    if (tier.labels !== undefined) labelExpression(tier.labels, ['tiers', name, 'labels']);
    grants(tier.knowledge_bases, ['tiers', name, 'knowledge_bases']);
  }
  (config.contacts ?? []).forEach((contact, i) => {
    inbox(contact.inbox, ['contacts', i, 'inbox']);
    if (contact.labels !== undefined) labelExpression(contact.labels, ['contacts', i, 'labels']);
    grants(contact.knowledge_bases, ['contacts', i, 'knowledge_bases']);
    if (contact.query_metadata)
      rawQueryMetadata(
        contact.query_metadata as Record<string, unknown>,
        ['contacts', i, 'query_metadata'],
        add,
      );
  });
  (config.policies ?? []).forEach((policy, i) => {
    (policy.inboxes ?? []).forEach((ref, j) => inbox(ref, ['policies', i, 'inboxes', j]));
    access(policy.deny as Access, ['policies', i, 'deny']);
  });
  (config.tests ?? []).forEach((test, i) => {
    access(test.can as Access | undefined, ['tests', i, 'can']);
    access(test.cannot as Access | undefined, ['tests', i, 'cannot']);
  });
  return refs;
}

/** The ids inside a raw `query_metadata` (the escape hatch): knowledge bases, files, FAQs, labels. */
function rawQueryMetadata(
  qm: Record<string, unknown>,
  path: PathSegment[],
  add: (r: ConfigReference) => void,
): void {
  const uuid = (v: unknown): v is string => isUuid(v);
  const kbs = Array.isArray(qm['knowledge_bases']) ? (qm['knowledge_bases'] as unknown[]) : [];
  kbs.forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object') return;
    const e = entry as Record<string, unknown>;
    const at = [...path, 'knowledge_bases', i];
    const kbId = e['knowledge_base_id'];
    if (!uuid(kbId)) return;
    const id = kbId.toLowerCase();
    add({ kind: 'knowledge-base', id, name: kbId, path: [...at, 'knowledge_base_id'] });
    for (const [field, kind] of [
      ['chatbot_file_ids', 'file'],
      ['faq_ids', 'faq'],
    ] as const) {
      const list = Array.isArray(e[field]) ? (e[field] as unknown[]) : [];
      list.forEach((v, j) => {
        if (uuid(v))
          add({ kind, id: v.toLowerCase(), name: v, knowledgeBaseId: id, path: [...at, field, j] });
      });
    }
  });
  const walk = (node: unknown, at: PathSegment[]): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (uuid(n['label_id']))
      add({ kind: 'label', id: n['label_id'].toLowerCase(), name: n['label_id'], path: [...at, 'label_id'] });
    if (Array.isArray(n['conditions'])) n['conditions'].forEach((c, i) => walk(c, [...at, 'conditions', i]));
  };
  walk(qm['label_relations'], [...path, 'label_relations']);
}

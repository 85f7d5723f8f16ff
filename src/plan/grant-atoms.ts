/**
 * A query_metadata as a set of grant atoms: each knowledge base, file, FAQ, "everything in" flag and label
 * it names, keyed for set arithmetic. What a tier "gains or loses" is the difference of two such sets.
 * Computed on the canonical form, once per query_metadata object.
 */
import { canonicalQueryMetadata, type Json } from '../resolve/canonical-body.js';

export type GrantAtomKind = 'knowledge_base' | 'file' | 'faq' | 'all' | 'label';

export interface GrantAtom {
  kind: GrantAtomKind;
  /** The knowledge base id (for files, FAQs and `all`, the knowledge base they belong to). */
  kb?: string;
  id: string;
}

export const ATOM_ORDER: readonly GrantAtomKind[] = ['knowledge_base', 'all', 'file', 'faq', 'label'];

const cache = new WeakMap<object, ReadonlyMap<string, GrantAtom>>();

export function atomKey(atom: GrantAtom): string {
  return `${ATOM_ORDER.indexOf(atom.kind)}:${atom.kb ?? ''}:${atom.id}`;
}

function labels(condition: Json, out: Map<string, GrantAtom>): void {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return;
  const id = condition['label_id'];
  if (typeof id === 'string') {
    const atom: GrantAtom = { kind: 'label', id };
    out.set(atomKey(atom), atom);
  }
  const nested = condition['conditions'];
  if (Array.isArray(nested)) for (const c of nested) labels(c, out);
}

function compute(queryMetadata: unknown): ReadonlyMap<string, GrantAtom> {
  const out = new Map<string, GrantAtom>();
  const qm = canonicalQueryMetadata(queryMetadata);
  if (qm === null || typeof qm !== 'object' || Array.isArray(qm)) return out;
  const add = (atom: GrantAtom): void => void out.set(atomKey(atom), atom);
  const kbs = qm['knowledge_bases'];
  if (Array.isArray(kbs)) {
    for (const entry of kbs) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
      const kb = entry['knowledge_base_id'];
      if (typeof kb !== 'string') continue;
      add({ kind: 'knowledge_base', id: kb });
      if (entry['has_user_selected_all'] === 'True') add({ kind: 'all', kb, id: kb });
      for (const [field, kind] of [
        ['chatbot_file_ids', 'file'],
        ['faq_ids', 'faq'],
      ] as const) {
        const ids = entry[field];
        if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') add({ kind, kb, id });
      }
    }
  }
  labels(qm['label_relations'] ?? null, out);
  return out;
}

export function grantAtoms(queryMetadata: unknown): ReadonlyMap<string, GrantAtom> {
  if (queryMetadata === null || typeof queryMetadata !== 'object') return compute(queryMetadata);
  let atoms = cache.get(queryMetadata);
  if (!atoms) {
    atoms = compute(queryMetadata);
    cache.set(queryMetadata, atoms);
  }
  return atoms;
}

/** Atoms in `after` and not in `before` (gains), and the reverse (losses). */
export function grantDelta(before: unknown, after: unknown): { gains: GrantAtom[]; losses: GrantAtom[] } {
  const a = grantAtoms(before);
  const b = grantAtoms(after);
  const gains: GrantAtom[] = [];
  const losses: GrantAtom[] = [];
  for (const [key, atom] of b) if (!a.has(key)) gains.push(atom);
  for (const [key, atom] of a) if (!b.has(key)) losses.push(atom);
  return { gains, losses };
}

/**
 * query_metadata -> Reach: per granted knowledge base, the files and FAQs admitted, and the label
 * condition on files. Every rule comes from `READING`; the rest of the model works on Reach.
 */
import { READING, type Reading } from './access-rules.js';
import { isSatisfiable, labelCondition } from './label-expression.js';
import { normalizeQueryMetadata, type NormalizedEntry } from './normalize-query-metadata.js';
import type { ContentSet, KnowledgeBaseReach, Reach } from './types.js';

const NONE: ContentSet = { all: false, ids: [], rule: 'files-none' };

function fileSet(entry: NormalizedEntry, hasLabels: boolean, reading: Reading): ContentSet {
  if (entry.selectAll) return { all: true, ids: [], rule: 'select-all' };
  if (entry.files === undefined) return { all: false, ids: [], rule: 'malformed' };
  if (entry.files.length > 0) return { all: false, ids: entry.files, rule: 'file-listed' };
  switch (reading.file.emptyList) {
    case 'all':
      return { all: true, ids: [], rule: 'files-all-when-empty' };
    case 'none':
      return NONE;
    case 'by-labels':
      return hasLabels ? { all: true, ids: [], rule: 'files-by-labels' } : NONE;
  }
}

function faqSet(entry: NormalizedEntry, reading: Reading): ContentSet {
  if (entry.selectAll) return { all: true, ids: [], rule: 'select-all' };
  if (entry.faqs === undefined) return { all: false, ids: [], rule: 'malformed' };
  if (entry.faqs.length > 0) return { all: false, ids: entry.faqs, rule: 'faq-listed' };
  return reading.faq.emptyList === 'all'
    ? { all: true, ids: [], rule: 'faqs-all-when-empty' }
    : { all: false, ids: [], rule: 'faqs-none-when-empty' };
}

/** Combines two entries for the same knowledge base: intersection (`every`) or union (`any`). */
function combine(a: ContentSet, b: ContentSet, mode: Reading['duplicateEntries']): ContentSet {
  const rule = 'duplicate-kb-entries' as const;
  if (mode === 'every') {
    if (a.all && b.all) return { all: true, ids: [], rule };
    if (a.all || b.all) return { all: false, ids: a.all ? b.ids : a.ids, rule };
    return { all: false, ids: a.ids.filter((id) => b.ids.includes(id)), rule };
  }
  if (a.all || b.all) return { all: true, ids: [], rule };
  return { all: false, ids: [...new Set([...a.ids, ...b.ids])].sort(), rule };
}

export function summarizeReach(queryMetadata: unknown, reading: Reading = READING): Reach {
  const normalized = normalizeQueryMetadata(queryMetadata);
  const reach: Reach = { knowledgeBases: [], problems: normalized.problems };
  if (normalized.labels) reach.labels = labelCondition(normalized.labels);
  const satisfiable = normalized.labels === undefined || isSatisfiable(normalized.labels);
  const byKb = new Map<string, KnowledgeBaseReach>();
  for (const entry of normalized.entries) {
    let files = fileSet(entry, normalized.labels !== undefined, reading);
    if (!satisfiable && (files.all || files.ids.length > 0)) {
      files = { all: false, ids: [], rule: 'labels-unsatisfiable' };
    }
    let faqs = faqSet(entry, reading);
    if (!satisfiable && reading.faq.labelFiltered)
      faqs = { all: false, ids: [], rule: 'labels-unsatisfiable' };
    const previous = byKb.get(entry.kb);
    byKb.set(
      entry.kb,
      previous
        ? {
            kb: entry.kb,
            files: combine(previous.files, files, reading.duplicateEntries),
            faqs: combine(previous.faqs, faqs, reading.duplicateEntries),
          }
        : { kb: entry.kb, files, faqs },
    );
  }
  reach.knowledgeBases = [...byKb.values()].sort((a, b) => (a.kb < b.kb ? -1 : a.kb > b.kb ? 1 : 0));
  return reach;
}

/** Memoised `summarizeReach` for query_metadata objects shared by many contacts (a tier's). */
const cache = new WeakMap<object, Reach>();

export function reachOf(queryMetadata: unknown): Reach {
  if (typeof queryMetadata !== 'object' || queryMetadata === null) return summarizeReach(queryMetadata);
  let reach = cache.get(queryMetadata);
  if (!reach) {
    reach = summarizeReach(queryMetadata);
    cache.set(queryMetadata, reach);
  }
  return reach;
}

export function reachesAnything(kb: KnowledgeBaseReach): boolean {
  return kb.files.all || kb.files.ids.length > 0 || kb.faqs.all || kb.faqs.ids.length > 0;
}

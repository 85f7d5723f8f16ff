/**
 * Reads a query_metadata as the API would: snake_case or camelCase keys (the API's parser accepts
 * both), ids in any case. Whatever cannot be read is kept as a problem and grants nothing.
 */
import { selectsAll } from './access-rules.js';
import type { LabelExpr } from './types.js';

export interface NormalizedEntry {
  kb: string;
  /** Lower-cased ids; undefined when the list is malformed (then it admits nothing). */
  files?: string[];
  faqs?: string[];
  selectAll: boolean;
}

export interface NormalizedQueryMetadata {
  entries: NormalizedEntry[];
  labels?: LabelExpr;
  problems: string[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[snake]`, or its camelCase spelling when the snake_case key is absent. */
function field(obj: Json, snake: string): unknown {
  if (Object.hasOwn(obj, snake)) return obj[snake];
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.hasOwn(obj, camel) ? obj[camel] : undefined;
}

function idList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return [...new Set(value.map((v: string) => v.toLowerCase()))].sort();
}

export function normalizeLabelExpr(value: unknown, where = 'label_relations'): LabelExpr {
  if (!isObject(value)) return { invalid: `${where} is not an object` };
  const label = field(value, 'label_id');
  if (typeof label === 'string') return { label: label.toLowerCase() };
  const operator = field(value, 'operator');
  const conditions = field(value, 'conditions');
  const op = typeof operator === 'string' ? operator.toUpperCase() : undefined;
  if (op !== 'AND' && op !== 'OR') return { invalid: `${where}.operator is not "AND" or "OR"` };
  if (!Array.isArray(conditions)) return { invalid: `${where}.conditions is not a list` };
  return { op, of: conditions.map((c, i) => normalizeLabelExpr(c, `${where}.conditions[${i}]`)) };
}

function invalidParts(expr: LabelExpr): string[] {
  if ('invalid' in expr) return [expr.invalid];
  return 'of' in expr ? expr.of.flatMap(invalidParts) : [];
}

export function normalizeQueryMetadata(raw: unknown): NormalizedQueryMetadata {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { entries: [], problems };
  if (!isObject(raw)) return { entries: [], problems: ['query_metadata is not an object'] };
  const result: NormalizedQueryMetadata = { entries: [], problems };
  const kbs = field(raw, 'knowledge_bases');
  if (kbs !== undefined && kbs !== null && !Array.isArray(kbs))
    problems.push('knowledge_bases is not a list');
  (Array.isArray(kbs) ? kbs : []).forEach((item: unknown, i) => {
    const where = `knowledge_bases[${i}]`;
    const id = isObject(item) ? field(item, 'knowledge_base_id') : undefined;
    if (!isObject(item) || typeof id !== 'string') {
      problems.push(`${where} has no knowledge_base_id`);
      return;
    }
    const entry: NormalizedEntry = {
      kb: id.toLowerCase(),
      selectAll: selectsAll(field(item, 'has_user_selected_all')),
    };
    const files = idList(field(item, 'chatbot_file_ids'));
    const faqs = idList(field(item, 'faq_ids'));
    if (files) entry.files = files;
    else problems.push(`${where}.chatbot_file_ids is not a list of ids`);
    if (faqs) entry.faqs = faqs;
    else problems.push(`${where}.faq_ids is not a list of ids`);
    result.entries.push(entry);
  });
  const labels = field(raw, 'label_relations');
  if (labels !== undefined && labels !== null) {
    result.labels = normalizeLabelExpr(labels);
    problems.push(...invalidParts(result.labels));
  }
  return result;
}

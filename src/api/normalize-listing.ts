/** Items of the inbox, knowledge-base, label, file and FAQ listings, in either casing. */
import { snakeKeysDeep } from '../util/key-case.js';
import type { FaqItem, FileItem, InboxItem, KnowledgeBaseItem, LabelItem } from './types.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** Ids from `x` (an id or `{id}`) or a list of them, lower-cased. */
function ids(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((v) => (isObject(v) ? str(v['id']) : str(v)).toLowerCase()).filter((v) => v !== '');
}

function snake(raw: unknown): Json | undefined {
  if (!isObject(raw)) return undefined;
  const s = snakeKeysDeep(raw) as Json;
  return str(s['id']) ? s : undefined;
}

export function normalizeInbox(raw: unknown): InboxItem | undefined {
  const s = snake(raw);
  if (!s) return undefined;
  const item: InboxItem = {
    id: str(s['id']).toLowerCase(),
    name: str(s['name']),
    chatbotIds: [...ids(s['chatbot']), ...ids(s['chatbots'])],
  };
  if (typeof s['channel_type'] === 'string') item.channelType = s['channel_type'];
  return item;
}

export function normalizeKnowledgeBase(raw: unknown): KnowledgeBaseItem | undefined {
  const s = snake(raw);
  return s && { id: str(s['id']).toLowerCase(), name: str(s['name']), chatbotIds: ids(s['chatbots']) };
}

export function normalizeLabel(raw: unknown): LabelItem | undefined {
  const s = snake(raw);
  return s && { id: str(s['id']).toLowerCase(), name: str(s['name']) };
}

export function normalizeFile(raw: unknown): FileItem | undefined {
  const s = snake(raw);
  if (!s) return undefined;
  const item: FileItem = {
    id: str(s['id']).toLowerCase(),
    filename: str(s['filename'] ?? s['name']),
    labelIds: ids(s['labels']),
  };
  if (typeof s['status'] === 'string') item.status = s['status'];
  return item;
}

export function normalizeFaq(raw: unknown): FaqItem | undefined {
  const s = snake(raw);
  return s && { id: str(s['id']).toLowerCase(), question: str(s['question']), labelIds: ids(s['labels']) };
}

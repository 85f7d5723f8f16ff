/** Every documented response variant folds into the same LiveContact. */
import { describe, expect, it } from 'vitest';
import { normalizeContact } from '../../src/api/normalize-contact.js';
import { snakeCase } from '../../src/util/key-case.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const SNAKE_QM = {
  label_relations: {
    operator: 'OR',
    conditions: [{ label_id: 'l1' }, { operator: 'AND', conditions: [{ label_id: 'l2' }] }],
  },
  knowledge_bases: [
    { knowledge_base_id: 'k', chatbot_file_ids: ['f'], faq_ids: ['q'], has_user_selected_all: 'False' },
  ],
};
const CAMEL_QM = {
  labelRelations: {
    operator: 'OR',
    conditions: [{ labelId: 'l1' }, { operator: 'AND', conditions: [{ labelId: 'l2' }] }],
  },
  knowledgeBases: [
    { knowledgeBaseId: 'k', chatbotFileIds: ['f'], faqIds: ['q'], hasUserSelectedAll: 'False' },
  ],
};
const EXPECTED = {
  id: 'c1',
  name: '小明',
  avatar: null,
  sourceId: 'user_1',
  inboxIds: [INBOX],
  inboxNames: ['聊天助理'],
  queryMetadata: SNAKE_QM,
  createdAt: '2025-07-05T09:33:59.000Z',
  updatedAt: '2025-07-05T09:33:59.000Z',
};

describe('snakeCase', () => {
  it.each([
    ['knowledgeBases', 'knowledge_bases'],
    ['hasUserSelectedAll', 'has_user_selected_all'],
    ['labelRelations', 'label_relations'],
    ['labelId', 'label_id'],
    ['chatbotFileIds', 'chatbot_file_ids'],
    ['faqIds', 'faq_ids'],
    ['knowledgeBaseId', 'knowledge_base_id'],
    ['source_id', 'source_id'],
    ['inboxName', 'inbox_name'],
  ])('%s -> %s', (camel, snake) => expect(snakeCase(camel)).toBe(snake));
});

describe('normalizeContact', () => {
  it.each([
    [
      'seed (inboxName, millisecond strings, camelCase inside queryMetadata)',
      {
        id: 'c1',
        inboxName: '聊天助理',
        name: '小明',
        avatar: null,
        sourceId: 'user_1',
        queryMetadata: CAMEL_QM,
        createdAt: '1751708039000',
        updatedAt: '1751708039000',
      },
      { inboxId: INBOX },
    ],
    [
      'current (inboxes and inbox, ISO)',
      {
        id: 'c1',
        inboxes: [{ id: INBOX, name: '聊天助理' }],
        inbox: { id: INBOX, name: '聊天助理' },
        name: '小明',
        sourceId: 'user_1',
        queryMetadata: SNAKE_QM,
        mcpCredentials: [],
        createdAt: '2025-07-05T09:33:59Z',
        updatedAt: '2025-07-05T17:33:59+08:00',
      },
      {},
    ],
    [
      'examples (snake_case, inbox as a string, upper-case UUID)',
      {
        id: 'c1',
        inbox: INBOX.toUpperCase(),
        inbox_name: '聊天助理',
        name: '小明',
        avatar: '',
        source_id: 'user_1',
        query_metadata: JSON.stringify(SNAKE_QM),
        created_at: 1751708039000,
        updated_at: '1751708039',
      },
      {},
    ],
  ])('%s', (_name, raw, context) => {
    expect(normalizeContact(raw, context)).toEqual(EXPECTED);
  });

  it('null or absent metadata, missing source id, and a context inbox that the response contradicts', () => {
    const other = '00000000-1111-2222-3333-444444444444';
    expect(
      normalizeContact({ id: 'x', name: 'n', inbox: { id: other, name: 'o' } }, { inboxId: INBOX }),
    ).toMatchObject({
      sourceId: '',
      queryMetadata: null,
      inboxIds: [other],
      createdAt: '',
    });
    expect(normalizeContact({ id: 'x', queryMetadata: null })?.queryMetadata).toBeNull();
    expect(normalizeContact({ id: 'x' })?.inboxIds).toEqual([]);
  });

  it('refuses what is not a contact', () => {
    expect(normalizeContact(null)).toBeUndefined();
    expect(normalizeContact([{ id: 'x' }])).toBeUndefined();
    expect(normalizeContact({ name: 'no id' })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  canonicalBody,
  canonicalJson,
  canonicalQueryMetadata,
  digestBody,
  sameBody,
} from '../../src/resolve/canonical-body.js';
import { diffBodies } from '../../src/plan/diff-bodies.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const KB1 = '123e4567-e89b-12d3-a456-426614174000';
const KB2 = '22222222-0000-4000-8000-000000000002';
const F1 = '9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e';
const F2 = '9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8f';
const L1 = '11111111-2222-3333-4444-555555555555';
const L2 = '66666666-7777-8888-9999-000000000000';

const body = {
  name: 'Wang',
  avatar: 'https://example.com/a.jpg',
  source_id: 'u1',
  inbox: INBOX,
  query_metadata: {
    label_relations: {
      operator: 'OR',
      conditions: [{ label_id: L1 }, { operator: 'AND', conditions: [{ label_id: L2 }, { label_id: L1 }] }],
    },
    knowledge_bases: [
      { knowledge_base_id: KB1, chatbot_file_ids: [F1, F2], faq_ids: [], has_user_selected_all: 'False' },
      { knowledge_base_id: KB2, chatbot_file_ids: [], faq_ids: [], has_user_selected_all: 'True' },
    ],
  },
};

describe('canonical form', () => {
  it('ignores key order, id-list order, entry order and label condition order', () => {
    const shuffled = {
      query_metadata: {
        knowledge_bases: [
          { has_user_selected_all: 'True', faq_ids: [], chatbot_file_ids: [], knowledge_base_id: KB2 },
          { faq_ids: [], has_user_selected_all: 'False', knowledge_base_id: KB1, chatbot_file_ids: [F2, F1] },
        ],
        label_relations: {
          conditions: [
            { conditions: [{ label_id: L1 }, { label_id: L2 }], operator: 'AND' },
            { label_id: L1 },
          ],
          operator: 'OR',
        },
      },
      inbox: INBOX,
      source_id: 'u1',
      avatar: 'https://example.com/a.jpg',
      name: 'Wang',
    };
    expect(digestBody(shuffled)).toBe(digestBody(body));
    expect(diffBodies(body, shuffled)).toEqual([]);
  });

  it.each([true, 'true', 'TRUE', 'True'])('spells has_user_selected_all %j as "True"', (spelling) => {
    const qm = { knowledge_bases: [{ knowledge_base_id: KB1, has_user_selected_all: spelling }] };
    expect(canonicalQueryMetadata(qm)).toEqual({
      knowledge_bases: [
        { chatbot_file_ids: [], faq_ids: [], has_user_selected_all: 'True', knowledge_base_id: KB1 },
      ],
    });
  });

  it.each([false, 'false', 'FALSE', undefined])('spells has_user_selected_all %j as "False"', (spelling) => {
    const entry: Record<string, unknown> = { knowledge_base_id: KB1 };
    if (spelling !== undefined) entry['has_user_selected_all'] = spelling;
    const qm = canonicalQueryMetadata({ knowledge_bases: [entry] }) as { knowledge_bases: object[] };
    expect(qm.knowledge_bases[0]).toMatchObject({ has_user_selected_all: 'False' });
  });

  it('reads camelCase responses, upper-case UUIDs and every inbox shape as the same body', () => {
    const live = {
      name: 'Wang',
      avatar: 'https://example.com/a.jpg',
      sourceId: 'u1',
      inboxes: [{ id: INBOX.toUpperCase(), name: 'Web chat' }],
      queryMetadata: {
        labelRelations: {
          operator: 'or',
          conditions: [{ labelId: L1 }, { operator: 'and', conditions: [{ labelId: L2 }, { labelId: L1 }] }],
        },
        knowledgeBases: [
          {
            knowledgeBaseId: KB1.toUpperCase(),
            chatbotFileIds: [F1.toUpperCase(), F2],
            hasUserSelectedAll: false,
          },
          { knowledgeBaseId: KB2, hasUserSelectedAll: true },
        ],
      },
      email: 'ignored@example.com',
      createdAt: '1751708039000',
    };
    expect(canonicalJson(live)).toBe(canonicalJson(body));
    expect(sameBody({ ...body, inbox: { id: INBOX } }, body)).toBe(true);
  });

  it('treats a missing, null or empty avatar alike, and a null label_relations as absent', () => {
    const plain = { name: 'n', source_id: 's', inbox: INBOX, query_metadata: { knowledge_bases: [] } };
    expect(digestBody({ ...plain, avatar: null })).toBe(digestBody(plain));
    expect(digestBody({ ...plain, avatar: '' })).toBe(digestBody(plain));
    expect(digestBody({ ...plain, query_metadata: { knowledge_bases: [], label_relations: null } })).toBe(
      digestBody(plain),
    );
  });

  it('keeps a meaningful difference: deny-all is not the same as no query_metadata', () => {
    const plain = { name: 'n', source_id: 's', inbox: INBOX };
    expect(digestBody({ ...plain, query_metadata: { knowledge_bases: [] } })).not.toBe(
      digestBody({ ...plain, query_metadata: null }),
    );
    expect(diffBodies({ ...plain, query_metadata: null }, { ...plain, query_metadata: {} })).toEqual([
      'query_metadata',
    ]);
  });

  it('writes canonicalJson as the JSON of canonicalBody, keys sorted', () => {
    expect(canonicalJson(body)).toBe(JSON.stringify(canonicalBody(body)));
    expect(Object.keys(canonicalBody(body))).toEqual([
      'avatar',
      'inbox',
      'name',
      'query_metadata',
      'source_id',
    ]);
    expect(digestBody(body)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('caches per object but never confuses two objects', () => {
    const qm = { knowledge_bases: [{ knowledge_base_id: KB1 }] };
    const first = canonicalQueryMetadata(qm);
    expect(canonicalQueryMetadata(qm)).toBe(first);
    expect(canonicalQueryMetadata({ knowledge_bases: [{ knowledge_base_id: KB2 }] })).not.toEqual(first);
  });
});

describe('diffBodies', () => {
  it('names the changed fields, knowledge bases by id', () => {
    const after = {
      ...body,
      name: 'Wang Xiaoming',
      query_metadata: {
        knowledge_bases: [
          { knowledge_base_id: KB1, chatbot_file_ids: [F1], faq_ids: [], has_user_selected_all: 'True' },
        ],
      },
    };
    expect(diffBodies(body, after)).toEqual([
      'name',
      `query_metadata.knowledge_bases[${KB1}].chatbot_file_ids`,
      `query_metadata.knowledge_bases[${KB1}].has_user_selected_all`,
      `query_metadata.knowledge_bases[${KB2}]`,
      'query_metadata.label_relations',
    ]);
  });

  it('sees an inbox move and an avatar removal', () => {
    const { avatar: _avatar, ...rest } = body;
    expect(diffBodies(body, { ...rest, inbox: '0b0b0b0b-0000-4000-8000-000000000001' })).toEqual([
      'avatar',
      'inbox',
    ]);
  });

  it('reports raw query_metadata keys', () => {
    const a = { ...body, query_metadata: { custom: [1, 2] } };
    const b = { ...body, query_metadata: { custom: [2, 1] } };
    expect(diffBodies(a, b)).toEqual(['query_metadata.custom']);
  });
});

describe('sameBody', () => {
  it('agrees with comparing canonical JSON', () => {
    const variants = [
      body,
      { ...body, name: 'Other' },
      { ...body, avatar: null },
      { ...body, avatar: undefined },
      { ...body, inbox: INBOX.toUpperCase() },
      { ...body, inbox: undefined, inboxes: [{ id: INBOX }] },
      { ...body, inbox: undefined, inboxes: [{ id: INBOX }, { id: KB1 }] },
      { ...body, source_id: 'u2' },
      { ...body, query_metadata: { knowledge_bases: [] } },
      { ...body, query_metadata: null },
      { ...body, query_metadata: structuredClone(body.query_metadata) },
    ];
    for (const a of variants) {
      for (const b of variants) {
        expect(sameBody(a as never, b as never)).toBe(
          canonicalJson(a as never) === canonicalJson(b as never),
        );
      }
    }
  });
});

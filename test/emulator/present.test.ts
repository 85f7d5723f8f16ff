/** The response variants, field by field. */
import { describe, expect, it } from 'vitest';
import type { StoredContact } from '../../src/emulator/contact-store.js';
import { presentContact } from '../../src/emulator/present.js';

const contact: StoredContact = {
  id: '4f56d00f-c089-468d-9b34-475cc91d609e',
  seq: 1,
  inboxIds: ['8a2b1c3d-4e5f-6789-abcd-ef0123456789'],
  name: '小明',
  avatar: null,
  sourceId: 'user_1',
  email: null,
  phoneNumber: null,
  queryMetadata: { knowledge_bases: [{ knowledge_base_id: 'k', has_user_selected_all: 'False' }] },
  createdAt: 1751708039000,
  updatedAt: 1751708039000,
  rev: 0,
};
const name = () => '聊天助理';

describe('presentContact', () => {
  it("seed: the seed document's response exactly (inboxName, millisecond strings)", () => {
    expect(
      presentContact(contact, { variant: 'seed', camelMetadata: false, nestResults: false }, name),
    ).toEqual({
      id: contact.id,
      inboxName: '聊天助理',
      name: '小明',
      avatar: null,
      sourceId: 'user_1',
      queryMetadata: contact.queryMetadata,
      createdAt: '1751708039000',
      updatedAt: '1751708039000',
    });
  });

  it('current: inboxes and inbox objects, ISO timestamps, camelCase inside queryMetadata when asked', () => {
    const out = presentContact(
      contact,
      { variant: 'current', camelMetadata: true, nestResults: false },
      name,
    );
    expect(out).toMatchObject({
      inboxes: [{ id: contact.inboxIds[0], name: '聊天助理' }],
      inbox: { id: contact.inboxIds[0], name: '聊天助理' },
      mcpCredentials: [],
      createdAt: '2025-07-05T09:33:59.000Z',
      queryMetadata: { knowledgeBases: [{ knowledgeBaseId: 'k', hasUserSelectedAll: 'False' }] },
    });
  });

  it('examples: snake_case keys', () => {
    const out = presentContact(
      contact,
      { variant: 'examples', camelMetadata: false, nestResults: false },
      name,
    );
    expect(Object.keys(out)).toEqual([
      'id',
      'name',
      'email',
      'phone_number',
      'avatar',
      'source_id',
      'query_metadata',
      'inboxes',
      'mcp_credentials',
      'created_at',
      'updated_at',
    ]);
  });
});

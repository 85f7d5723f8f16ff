/** The emulator's contacts endpoints over real HTTP: statuses, DRF error shapes, uniqueness, soft delete. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import { seedObjectsFromConfig } from '../../src/cli/seed-objects.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const OTHER = '00000000-1111-2222-3333-444444444444';

describe('emulator contacts API', () => {
  let emulator: RunningEmulator;
  let call: (
    method: string,
    path: string,
    body?: unknown,
    key?: string | null,
  ) => Promise<{ status: number; body: unknown }>;

  beforeAll(async () => {
    emulator = await startEmulator({ variant: 'current', apiKey: 'k', seed: 7 });
    call = async (method, path, body, key = 'k') => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (key !== null) headers['Authorization'] = `Api-Key ${key}`;
      const res = await fetch(`${emulator.url}${path}`, {
        method,
        headers,
        body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    };
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    for (const c of emulator.store.contacts()) await call('DELETE', `/contacts/${c.id}/`);
  });

  const create = (sourceId: string, inbox = INBOX) =>
    call('POST', '/contacts/', { name: 'N', source_id: sourceId, inbox });

  it('401 without a key or with a wrong one, in DRF shape', async () => {
    expect(await call('GET', '/contacts/', undefined, null)).toEqual({
      status: 401,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect(await call('GET', '/contacts/', undefined, 'wrong')).toEqual({
      status: 401,
      body: { detail: 'Invalid API key.' },
    });
  });

  it('serves /api/ and /api/v1/ alike, with or without the trailing slash', async () => {
    const { body } = await create('a');
    const id = (body as { id: string }).id;
    for (const path of [`/contacts/${id}/`, `/contacts/${id}`, `/v1/contacts/${id}/`]) {
      expect((await call('GET', path)).status).toBe(200);
    }
    expect((await call('GET', '/nothing/')).body).toEqual({ detail: 'Not found.' });
    expect((await call('DELETE', '/contacts/')).status).toBe(405);
  });

  it('400 on a duplicate source_id in the same inbox, camelized; other inboxes and empty source ids are fine', async () => {
    expect((await create('dup')).status).toBe(201);
    expect(await create('dup')).toEqual({
      status: 400,
      body: { sourceId: ['A contact with this source_id already exists in this inbox.'] },
    });
    expect((await create('dup', OTHER)).status).toBe(201);
    expect((await create('')).status).toBe(201);
    expect((await create('')).status).toBe(201);
  });

  it("PUT cannot take another contact's source_id; PATCH changes only what it names", async () => {
    await create('one');
    const two = ((await create('two')).body as { id: string }).id;
    expect(
      (await call('PUT', `/contacts/${two}/`, { name: 'N', source_id: 'one', inbox: INBOX })).status,
    ).toBe(400);
    const patched = await call('PATCH', `/contacts/${two}/`, { email: 'x@example.com' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ sourceId: 'two', name: 'N', email: 'x@example.com' });
  });

  it('several live copies of one source_id: a PUT to any of them is 400, a PATCH of other fields is not', async () => {
    const [first, second, third] = emulator
      .insert(['copy', 'copy', 'copy'].map((sourceId, i) => ({ name: `C${i}`, sourceId, inboxIds: [INBOX] })))
      .map((c) => c.id);
    const put = (id: string | undefined) =>
      call('PUT', `/contacts/${id}/`, { name: 'Mine', source_id: 'copy', inbox: INBOX });
    for (const id of [first, second, third]) {
      expect(await put(id), `PUT ${id}`).toEqual({
        status: 400,
        body: { sourceId: ['A contact with this source_id already exists in this inbox.'] },
      });
    }
    expect((await create('copy')).status).toBe(400);
    // Revoking the copies one by one stays possible (apply's duplicate-copies.ts relies on it).
    expect(
      (await call('PATCH', `/contacts/${first}/`, { query_metadata: { knowledge_bases: [] } })).status,
    ).toBe(200);
    // With every other copy gone, the one left is an ordinary contact again.
    expect((await call('DELETE', `/contacts/${third}/`)).status).toBe(204);
    expect((await put(second)).status).toBe(400);
    expect((await call('DELETE', `/contacts/${first}/`)).status).toBe(204);
    expect((await put(second)).status).toBe(200);
    expect(emulator.store.holdersOf(INBOX, 'copy').map((c) => c.id)).toEqual([second]);
    expect((await create('copy')).status).toBe(400);
  });

  it('a listing shows a contact as it is now, after updates', async () => {
    const id = ((await create('fresh')).body as { id: string }).id;
    const names = async () =>
      ((await call('GET', '/contacts/')).body as { results: { name: string }[] }).results.map((c) => c.name);
    expect(await names()).toEqual(['N']);
    await call('PATCH', `/contacts/${id}/`, { name: 'Changed' });
    expect(await names()).toEqual(['Changed']);
    await call('PUT', `/contacts/${id}/`, { name: 'Again', source_id: 'fresh', inbox: INBOX });
    expect(await names()).toEqual(['Again']);
  });

  it('DELETE is soft: 204, then 404, and the source_id may be used again', async () => {
    const id = ((await create('gone')).body as { id: string }).id;
    expect(await call('DELETE', `/contacts/${id}/`)).toEqual({ status: 204, body: undefined });
    expect((await call('GET', `/contacts/${id}/`)).status).toBe(404);
    expect((await call('DELETE', `/contacts/${id}/`)).status).toBe(404);
    expect(emulator.store.everything().find((c) => c.id === id)?.deletedAt).toBeTypeOf('number');
    expect((await create('gone')).status).toBe(201);
  });

  it('validates bodies the DRF way', async () => {
    expect(await call('POST', '/contacts/', { source_id: 'x', inbox: INBOX })).toEqual({
      status: 400,
      body: { name: ['This field is required.'] },
    });
    expect(await call('POST', '/contacts/', { name: 'N' })).toEqual({
      status: 400,
      body: { inboxes: ['This field is required.'] },
    });
    expect(await call('POST', '/contacts/', { name: 'N', inbox: 'web-chat' })).toEqual({
      status: 400,
      body: { inbox: ['Must be a valid UUID.'] },
    });
    expect((await call('POST', '/contacts/', { name: ' ', inbox: INBOX })).body).toEqual({
      name: ['This field may not be blank.'],
    });
    expect((await call('POST', '/contacts/', '{not json')).status).toBe(400);
    expect((await call('POST', '/contacts/', [1])).body).toEqual({
      nonFieldErrors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    expect((await call('GET', '/contacts/?inboxes=web-chat')).status).toBe(400);
  });

  it('accepts the inbox as a string, {id} or inboxes [{id}], camelCase or snake_case keys', async () => {
    const forms = [
      { name: 'a', sourceId: 's1', inbox: INBOX },
      { name: 'b', source_id: 's2', inbox: { id: INBOX } },
      { name: 'c', source_id: 's3', inboxes: [{ id: INBOX }], queryMetadata: { knowledgeBases: [] } },
    ];
    for (const body of forms) {
      const { status, body: out } = await call('POST', '/contacts/', body);
      expect(status).toBe(201);
      expect((out as { inboxes: { id: string }[] }).inboxes.map((i) => i.id)).toEqual([INBOX]);
    }
    // the camel-case parser stores snake_case, even inside query_metadata
    expect(emulator.store.findBySource(INBOX, 's3')?.queryMetadata).toEqual({ knowledge_bases: [] });
    expect(emulator.store.findBySource(INBOX, 's1')?.queryMetadata).toBeNull();
  });

  it('filters by inboxes / inbox and query (id, name or source id, case-insensitive)', async () => {
    await create('user_1');
    await create('user_12');
    await create('user_2', OTHER);
    const list = async (qs: string) =>
      ((await call('GET', `/contacts/?${qs}`)).body as { results: { sourceId: string }[] }).results.map(
        (c) => c.sourceId,
      );
    expect(await list(`inboxes=${INBOX}`)).toEqual(['user_1', 'user_12']);
    expect(await list(`inbox=${OTHER}`)).toEqual(['user_2']);
    expect(await list(`inboxes=${INBOX}&query=USER_1`)).toEqual(['user_1', 'user_12']);
    expect(await list(`query=user_2`)).toEqual(['user_2']);
    expect(await list(`inbox=${INBOX}&inboxes=${OTHER}`)).toEqual([]);
  });
});

describe('emulator with --seed-config', () => {
  it('refuses contacts of undeclared inboxes', async () => {
    const emulator = await startEmulator({
      apiKey: 'k',
      seedObjects: seedObjectsFromConfig({ version: 1, inboxes: { web: INBOX } }),
    });
    try {
      const post = (inbox: string) =>
        fetch(`${emulator.url}/contacts/`, {
          method: 'POST',
          headers: { Authorization: 'Api-Key k', 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'N', inboxes: [{ id: inbox }] }),
        });
      expect((await post(INBOX)).status).toBe(201);
      const refused = await post(OTHER);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ inboxes: [`Invalid pk "${OTHER}" - object does not exist.`] });
    } finally {
      await emulator.close();
    }
  });
});

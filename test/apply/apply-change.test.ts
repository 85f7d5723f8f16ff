/**
 * applyChange's unknown-outcome create path, each branch in-process over real HTTP (a scripted server)
 * with a real state file: the POST's connection is dropped after sending, then the lookup finds the
 * contact equal (adopted, no PUT) or different (recorded, then one PUT), or finds nothing (POST again),
 * or fails (the failure surfaces, no second POST). And an ApiError names the contact's address.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { applyChange } from '../../src/apply/apply-change.js';
import { ApiError } from '../../src/errors.js';
import { openState, type StateStore } from '../../src/state/open-state.js';
import { json, scriptedServer, type ScriptedServer } from '../api/scripted-server.js';
import { tempDir } from '../helpers/tmp.js';
import { body, change, INBOX, TIER_QM } from '../helpers/state.js';

let server: ScriptedServer | undefined;
let store: StateStore | undefined;
afterEach(async () => {
  await server?.close();
  await store?.close();
  server = undefined;
  store = undefined;
});

/** The contact as the server reports it (seed shape), with this query_metadata. */
const live = (id: string, queryMetadata: unknown) => ({
  id,
  name: 'Name a',
  sourceId: 'a',
  inboxName: 'web',
  queryMetadata,
  createdAt: String(Date.now()),
  updatedAt: String(Date.now()),
});
const page = (results: unknown[]) => ({ count: results.length, next: null, previous: null, results });

type Route = (method: string, url: string, body: string) => 'drop' | { status: number; body?: unknown };

async function setup(route: Route) {
  server = await scriptedServer((req, res, seen) => {
    const answer = route(seen.method, seen.url, seen.body);
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    json(res, answer.status, answer.body ?? {});
  });
  const client = createClient({
    baseUrl: server.url,
    apiKey: 'k',
    retries: 0,
    backoff: { baseMs: 1, maxMs: 2 },
  });
  store = await openState(join(tempDir('mai-change-'), 'contacts.state.json'), { lock: true });
  const ctx = { client, store, createRetryDelayMs: 0 };
  const methods = () => (server?.requests ?? []).map((r) => r.method);
  return { ctx, methods, server };
}

describe('an unknown-outcome create', () => {
  it('found and equal: adopted, recorded, no PUT', async () => {
    const { ctx, methods } = await setup((method) =>
      method === 'POST' ? 'drop' : { status: 200, body: page([live('c-1', TIER_QM)]) },
    );
    const done = await applyChange(ctx, change('a', 'create'));
    await done.durable;
    expect(done).toMatchObject({ outcome: 'adopted', contactId: 'c-1' });
    expect(methods()).toEqual(['POST', 'GET']);
    expect(store?.get(`${INBOX}/a`)?.contact_id).toBe('c-1');
  });

  it('found and different: recorded with the live body, then one PUT of the declared body', async () => {
    const { ctx, methods, server } = await setup((method) => {
      if (method === 'POST') return 'drop';
      if (method === 'GET') return { status: 200, body: page([live('c-2', { knowledge_bases: [] })]) };
      return { status: 200, body: live('c-2', TIER_QM) };
    });
    const done = await applyChange(ctx, change('a', 'create'));
    await done.durable;
    expect(done).toMatchObject({ outcome: 'adopted', contactId: 'c-2' });
    expect(methods()).toEqual(['POST', 'GET', 'PUT']);
    const put = server.requests[2];
    expect(put?.url).toBe('/api/contacts/c-2/');
    expect(JSON.parse(put?.body ?? '{}')).toEqual(body('a'));
    expect(store?.get(`${INBOX}/a`)?.body.query_metadata).toEqual(TIER_QM);
  });

  it('not found: POSTed again', async () => {
    let posts = 0;
    const { ctx, methods } = await setup((method) => {
      if (method === 'GET') return { status: 200, body: page([]) };
      posts += 1;
      return posts === 1 ? 'drop' : { status: 201, body: live('c-3', TIER_QM) };
    });
    const done = await applyChange(ctx, change('a', 'create'));
    await done.durable;
    expect(done).toMatchObject({ outcome: 'created', contactId: 'c-3' });
    expect(methods()).toEqual(['POST', 'GET', 'POST']);
  });

  it('lookup failing: the lookup error surfaces with the address, and no second POST is sent', async () => {
    const { ctx, methods } = await setup((method) =>
      method === 'POST' ? 'drop' : { status: 500, body: { detail: 'down' } },
    );
    const error = await applyChange(ctx, change('a', 'create')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).details).toMatchObject({ method: 'GET', status: 500, address: 'web-chat/a' });
    expect(methods()).toEqual(['POST', 'GET']);
    expect(store?.get(`${INBOX}/a`)).toBeUndefined();
  });
});

describe('an ApiError from a change', () => {
  it.each(['update', 'revoke', 'delete'] as const)('%s: names the contact address', async (action) => {
    const { ctx } = await setup(() => ({ status: 400, body: { name: ['This field may not be blank.'] } }));
    const error = await applyChange(ctx, change('a', action, 'c-9')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).details.address).toBe('web-chat/a');
  });
});

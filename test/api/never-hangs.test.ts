/**
 * Nothing hangs, over real HTTP: a server that accepts and never answers (each attempt has a deadline; a
 * POST is not sent twice), listings whose `next` repeats, runs past `count` or never ends, a
 * Retry-After beyond the cap, and abort() (SIGINT) ending what is in flight and refusing what follows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../../src/api/client.js';
import { apiFailure } from '../helpers/api-failure.js';
import { json, scriptedServer, type Script, type ScriptedServer } from './scripted-server.js';

const KEY = 'never-hangs-key';
const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const BODY = { name: 'n', source_id: 's', inbox: INBOX, query_metadata: { knowledge_bases: [] } };
const item = (n: number) => ({ id: `c${n}`, name: `n${n}`, sourceId: `s${n}`, inboxName: 'web' });

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: Script, options: Partial<ClientOptions> = {}) {
  server = await scriptedServer(script);
  const client = createClient({
    baseUrl: server.url,
    apiKey: KEY,
    retries: 1,
    backoff: { baseMs: 5, maxMs: 10 },
    ...options,
  });
  return { client, server };
}

describe('a server that accepts and never answers', () => {
  it('times each attempt out, retries a GET, and never re-sends a POST', async () => {
    const { client, server } = await setup(() => undefined, { timeoutMs: 200 });
    const get = await apiFailure(client.listInboxes());
    expect(get.message).toContain('timeout after 200 ms');
    expect(server.requests).toHaveLength(2); // the first attempt and one retry
    const post = await apiFailure(client.createContact(BODY));
    expect(post.details.outcomeUnknown).toBe(true);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    await client.close();
  });
});

describe('a listing that never ends', () => {
  it('stops when next repeats a page already read', async () => {
    const { client } = await setup((req, res) =>
      json(res, 200, { next: `${req.url?.split('?')[0]}?page=2`, results: [item(1)] }),
    );
    const error = await apiFailure(client.listContacts(INBOX));
    expect(error.message).toMatch(/the listing does not end \(its next page \?page=2 was already read\)/);
  });

  it('stops when it runs past its count', async () => {
    const { client, server } = await setup((req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('p') ?? '1');
      json(res, 200, { count: 3, next: `http://x/api/contacts/?p=${page + 1}`, results: [item(page)] });
    });
    const error = await apiFailure(client.listContacts(INBOX));
    expect(error.message).toMatch(/more than \d+ pages, while its count of 3 makes 3/);
    expect(server.requests.length).toBeLessThan(20);
  });

  it('stops after maxPages when it has no count', async () => {
    const { client, server } = await setup(
      (req, res) => {
        const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('p') ?? '1');
        json(res, 200, { next: `/api/contacts/?p=${page + 1}`, results: [item(page)] });
      },
      { maxPages: 25 },
    );
    const error = await apiFailure(client.listContacts(INBOX));
    expect(error.message).toContain('more than 25 pages');
    expect(server.requests).toHaveLength(25);
  });
});

describe('Retry-After', () => {
  it('longer than the cap fails at once, naming the cap', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 429, { detail: 'slow down' }, { 'Retry-After': '3600' }),
    );
    const error = await apiFailure(client.listInboxes());
    expect(error.message).toContain('the server asks to wait 3600 s, more than the 60 s cap on Retry-After');
    expect(server.requests).toHaveLength(1);
  });
});

describe('abort()', () => {
  it('ends requests in flight at once and sends nothing after', async () => {
    const { client, server } = await setup(() => undefined, { timeoutMs: 60_000, retries: 5 });
    const pending = [apiFailure(client.listInboxes()), apiFailure(client.createContact(BODY))];
    while (server.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
    client.abort();
    const [get, post] = await Promise.all(pending);
    expect(get?.details.interrupted).toBe(true);
    expect(post?.details).toMatchObject({ interrupted: true, outcomeUnknown: true });
    const later = await apiFailure(client.getContact('c1'));
    expect(later.details.interrupted).toBe(true);
    expect(server.requests).toHaveLength(2);
  });
});

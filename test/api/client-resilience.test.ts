/**
 * Retries, Retry-After, timeouts and resets over real HTTP on 127.0.0.1: what is retried, what is
 * surfaced as "outcome unknown", what the audit hook sees, and that the key never leaks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../../src/api/client.js';
import type { AuditEvent } from '../../src/api/types.js';
import { startEmulator } from '../../src/emulator/start-emulator.js';
import { apiFailure } from '../helpers/api-failure.js';
import { json, scriptedServer, type Script, type ScriptedServer } from './scripted-server.js';

const KEY = 'SECRET-KEY-0123456789';
const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const BODY = { name: 'n', source_id: 's', inbox: INBOX, query_metadata: { knowledge_bases: [] } };
const CONTACT = {
  id: 'c1',
  inboxName: 'web',
  name: 'n',
  sourceId: 's',
  queryMetadata: null,
  createdAt: '1',
  updatedAt: '1',
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: Script, options: Partial<ClientOptions> = {}) {
  server = await scriptedServer(script);
  const audit: AuditEvent[] = [];
  const client = createClient({
    baseUrl: server.url,
    apiKey: KEY,
    retries: 3,
    backoff: { baseMs: 5, maxMs: 20 },
    audit: (e) => audit.push(e),
    ...options,
  });
  return { client, audit, requests: server.requests };
}

describe('client resilience', () => {
  it('retries 503, 500 and 429 on a GET until it succeeds, reporting every attempt', async () => {
    const statuses = [503, 500, 429];
    const { client, audit } = await setup((_req, res, _seen, i) =>
      i < statuses.length ? json(res, statuses[i] as number, { detail: 'busy' }) : json(res, 200, CONTACT),
    );
    expect(await client.getContact('c1')).toMatchObject({ id: 'c1', sourceId: 's' });
    expect(audit.map((e) => [e.method, e.path, e.status, e.attempt])).toEqual([
      ['GET', '/api/contacts/c1/', 503, 1],
      ['GET', '/api/contacts/c1/', 500, 2],
      ['GET', '/api/contacts/c1/', 429, 3],
      ['GET', '/api/contacts/c1/', 200, 4],
    ]);
    expect(audit.every((e) => typeof e.durationMs === 'number' && !Number.isNaN(Date.parse(e.time)))).toBe(
      true,
    );
  });

  it('gives up after the retries with method, path, status and the server message', async () => {
    const { client, requests } = await setup((_req, res) =>
      json(res, 503, { detail: 'down for maintenance' }),
    );
    const error = await apiFailure(client.listInboxes());
    expect(requests).toHaveLength(4);
    expect(error.details).toMatchObject({
      method: 'GET',
      status: 503,
      serverMessage: 'down for maintenance',
    });
    expect(error.details.path).toMatch(/^\/api\/inboxes\/\?/);
    expect(error.message).toMatch(/^GET \/api\/inboxes\/\?.* failed: HTTP 503$/);
  });

  it('does not retry a 400, and reads DRF field errors', async () => {
    const { client, requests } = await setup((_req, res) =>
      json(res, 400, { sourceId: ['A contact with this source_id already exists in this inbox.'] }),
    );
    const error = await apiFailure(client.createContact(BODY));
    expect(requests).toHaveLength(1);
    expect(error.details).toEqual({
      method: 'POST',
      path: '/api/contacts/',
      status: 400,
      serverMessage: 'sourceId: A contact with this source_id already exists in this inbox.',
    });
  });

  it('honours Retry-After', async () => {
    const { client, audit } = await setup((_req, res, _seen, i) =>
      i === 0 ? json(res, 429, { detail: 'slow down' }, { 'Retry-After': '1' }) : json(res, 200, CONTACT),
    );
    const started = performance.now();
    await client.getContact('c1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(audit.map((e) => e.status)).toEqual([429, 200]);
  });

  it('a POST answered 429 or 503 was not processed: retried', async () => {
    const { client, requests } = await setup((_req, res, _seen, i) =>
      i === 0 ? json(res, 429, {}) : i === 1 ? json(res, 503, {}) : json(res, 201, CONTACT),
    );
    expect((await client.createContact(BODY)).id).toBe('c1');
    expect(requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
  });

  it('a POST answered 500 may have landed: outcome unknown, not retried', async () => {
    const { client, requests } = await setup((_req, res) =>
      res.writeHead(500).end('<h1>Server Error (500)</h1>'),
    );
    const error = await apiFailure(client.createContact(BODY));
    expect(requests).toHaveLength(1);
    expect(error.details).toMatchObject({ method: 'POST', status: 500, outcomeUnknown: true });
  });

  it('a reset after sending: a GET is retried, a POST is outcome unknown and sent once', async () => {
    const { client, requests, audit } = await setup((req, res, seen, i) => {
      if (seen.method === 'POST' || i === 0) req.socket.destroy();
      else json(res, 200, CONTACT);
    });
    expect((await client.getContact('c1'))?.id).toBe('c1');
    expect(audit[0]).toMatchObject({ method: 'GET', attempt: 1 });
    expect(audit[0]?.status).toBeUndefined();
    expect(audit[0]?.error).toBeTruthy();
    const error = await apiFailure(client.createContact(BODY));
    expect(error.details.outcomeUnknown).toBe(true);
    expect(error.details.status).toBeUndefined();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('times out each attempt: a GET is retried, a POST is outcome unknown', async () => {
    const { client, requests, audit } = await setup(
      (_req, res, seen, i) => {
        if (seen.method === 'POST' || i === 0) setTimeout(() => json(res, 200, CONTACT), 400);
        else json(res, 200, CONTACT);
      },
      { timeoutMs: 100 },
    );
    expect((await client.getContact('c1'))?.id).toBe('c1');
    expect(audit[0]?.error).toBe('timeout after 100 ms');
    const error = await apiFailure(client.createContact(BODY));
    expect(error.details.outcomeUnknown).toBe(true);
    expect(error.message).toContain('timeout after 100 ms');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('retries even a POST when the connection was refused (nothing was sent)', async () => {
    const closed = await scriptedServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const audit: AuditEvent[] = [];
    const client = createClient({
      baseUrl: url,
      apiKey: KEY,
      retries: 2,
      backoff: { baseMs: 1, maxMs: 2 },
      audit: (e) => audit.push(e),
    });
    const error = await apiFailure(client.createContact(BODY));
    expect(audit.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(audit[0]?.error).toBe('ECONNREFUSED');
    expect(error.details.outcomeUnknown).toBeUndefined();
  });

  it('never lets the API key into an error, a message or the audit log, even when the server echoes it', async () => {
    const { client, audit, requests } = await setup((req, res) =>
      json(res, 403, { detail: `key ${req.headers.authorization} is not allowed` }),
    );
    const error = await apiFailure(client.listContacts(INBOX));
    expect(requests[0]?.authorization).toBe(`Api-Key ${KEY}`);
    const everything = JSON.stringify({
      message: error.message,
      details: error.details,
      stack: error.stack,
      audit,
    });
    expect(everything).not.toContain(KEY);
    expect(error.details.serverMessage).toBe('key Api-Key *** is not allowed');
  });

  it('DELETE: true when deleted, false when already gone', async () => {
    const { client } = await setup((_req, res, _seen, i) =>
      i === 0 ? res.writeHead(204).end() : json(res, 404, { detail: 'Not found.' }),
    );
    expect(await client.deleteContact('c1')).toBe(true);
    expect(await client.deleteContact('c1')).toBe(false);
  });
});

describe("client against the emulator's faults", () => {
  it('a create whose connection is reset after commit is outcome unknown; the lookup finds what landed', async () => {
    const emulator = await startEmulator({ resetRate: 1 });
    try {
      const client = createClient({
        baseUrl: emulator.url,
        apiKey: emulator.apiKey,
        backoff: { baseMs: 1, maxMs: 2 },
      });
      const error = await apiFailure(client.createContact(BODY));
      expect(error.details).toMatchObject({ method: 'POST', path: '/api/contacts/', outcomeUnknown: true });
      expect(emulator.stats.postCount(INBOX, 's')).toBe(1);
      emulator.faults.resetRate = 0;
      const found = await client.findBySourceId(INBOX, 's');
      expect(found).toMatchObject({ sourceId: 's', inboxIds: [INBOX], queryMetadata: BODY.query_metadata });
      expect(emulator.stats.createdCount(INBOX, 's')).toBe(1);
    } finally {
      await emulator.close();
    }
  });

  it('--throttle-rate 1: every attempt is a 429 and the error says so', async () => {
    const emulator = await startEmulator({ throttleRate: 1, retryAfterSeconds: 0 });
    try {
      const audit: AuditEvent[] = [];
      const client = createClient({
        baseUrl: emulator.url,
        apiKey: emulator.apiKey,
        retries: 2,
        backoff: { baseMs: 1, maxMs: 2 },
        audit: (e) => audit.push(e),
      });
      const error = await apiFailure(client.listInboxes());
      expect(error.details).toMatchObject({
        status: 429,
        serverMessage: 'Request was throttled. Expected available in 0 seconds.',
      });
      expect(audit.map((e) => e.status)).toEqual([429, 429, 429]);
    } finally {
      await emulator.close();
    }
  });
});

/** Listing: the pages after the first are fetched concurrently when the first tells how many there are. */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import type { AuditEvent } from '../../src/api/types.js';
import type { EmulatorOptions } from '../../src/emulator/options.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import { json, scriptedServer, type ScriptedServer } from './scripted-server.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const OTHER = '00000000-1111-2222-3333-444444444444';
let emulator: RunningEmulator | undefined;
let server: ScriptedServer | undefined;
afterEach(async () => {
  await emulator?.close();
  await server?.close();
  emulator = server = undefined;
});

describe('listContacts', () => {
  it.each<[string, EmulatorOptions]>([
    ['page style', { variant: 'current' }],
    ['offset style', { variant: 'examples' }],
  ])('%s: first page alone, then the rest at once; every contact once, in order', async (_name, options) => {
    emulator = await startEmulator({ ...options, apiKey: 'k', latencyMs: 60 });
    const inserted = emulator.insert(
      Array.from({ length: 350 }, (_, i) => ({
        inboxIds: [i % 10 === 0 ? OTHER : INBOX],
        name: `c${i}`,
        sourceId: `s${i}`,
      })),
    );
    const audit: AuditEvent[] = [];
    const client = createClient({
      baseUrl: emulator.url,
      apiKey: 'k',
      concurrency: 8,
      audit: (e) => audit.push(e),
    });
    emulator.stats.reset();
    const listed = await client.listContacts(INBOX);
    expect(listed.map((c) => c.id)).toEqual(inserted.filter((c) => c.inboxIds[0] === INBOX).map((c) => c.id));
    expect(audit).toHaveLength(4); // 315 contacts in pages of 100
    expect(emulator.stats.maxInFlight).toBe(3);
  });

  it('follows next one page at a time when the count is unknown, on its own host only', async () => {
    server = await scriptedServer((_req, res, seen) => {
      const page = new URL(seen.url, 'http://x').searchParams.get('page') ?? '1';
      const next = page === '3' ? null : `http://api.example.org/api/contacts/?page=${Number(page) + 1}`;
      json(res, 200, { next, results: [{ id: `c${page}`, inbox: INBOX }] });
    });
    const listed = await createClient({ baseUrl: server.url, apiKey: 'k' }).listContacts(INBOX);
    expect(listed.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual([
      null,
      '2',
      '3',
    ]);
  });

  it('a planned page that vanished (DRF 404 "Invalid page.") ends the listing; duplicates are dropped', async () => {
    server = await scriptedServer((_req, res, seen) => {
      const page = new URL(seen.url, 'http://x').searchParams.get('page');
      if (page === null)
        json(res, 200, { count: 6, next: `${seen.url}&page=2`, results: [{ id: 'a' }, { id: 'b' }] });
      else if (page === '2') json(res, 200, { count: 5, next: null, results: [{ id: 'b' }, { id: 'c' }] });
      else json(res, 404, { detail: 'Invalid page.' });
    });
    const listed = await createClient({ baseUrl: server.url, apiKey: 'k' }).listContacts(INBOX);
    expect(listed.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});

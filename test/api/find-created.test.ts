/**
 * The unknown-outcome lookup is bounded: at most 2 requests in an inbox of 100,000 contacts whatever
 * the source_id (one that the fuzzy `query` matches in every contact included), found or not, with the
 * server honouring `ordering` (newest first). A server that ignores it (oldest first) costs at most 3:
 * the first page, the last one, and the one before it when the last is short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const SIZE = 100_000;

describe.each([
  { name: 'newest first', ordering: true, bound: 2 },
  { name: 'ordering ignored (oldest first)', ordering: false, bound: 3 },
])('findCreated in a 100,000-contact inbox, $name', ({ ordering, bound }) => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3, ordering });
    const hourAgo = Date.now() - 3_600_000;
    const made = emulator.insert(
      Array.from({ length: SIZE }, (_, i) => ({
        inboxIds: [INBOX],
        name: `User ${i}`,
        sourceId: `user-${i}`,
      })),
    );
    for (const c of made) c.createdAt = c.updatedAt = hourAgo;
  });
  afterAll(() => emulator.close());

  const client = () => createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
  const body = (sourceId: string) => ({
    name: `New ${sourceId}`,
    source_id: sourceId,
    inbox: INBOX,
    query_metadata: { knowledge_bases: [] },
  });

  it.each(['u', 'ser-1', 'user', '1'])(
    'source_id %j: found in a bounded number of requests when the POST landed',
    async (sourceId) => {
      const c = client();
      const sentAt = Date.now();
      const made = await c.createContact(body(sourceId));
      emulator.stats.reset();
      const found = await c.findCreated(INBOX, sourceId, sentAt);
      expect(found?.id).toBe(made.id);
      expect(emulator.stats.requests).toBeLessThanOrEqual(bound);
      await c.close();
    },
  );

  it.each(['use', 'ser-12', 'r', 'no-such-contact'])(
    'source_id %j: not found in a bounded number of requests when it did not land',
    async (sourceId) => {
      const c = client();
      emulator.stats.reset();
      const found = await c.findCreated(INBOX, sourceId, Date.now());
      expect(found).toBeUndefined();
      expect(emulator.stats.requests).toBeLessThanOrEqual(bound);
      expect(emulator.stats.requests).toBeGreaterThan(0);
      await c.close();
    },
  );
});

/**
 * The seed's documented curl examples (POST and PUT of 003_5880fd35388aa4b7.txt, copied to
 * test/fixtures/api/) sent exactly as written, host and key swapped for the emulator's: both answered,
 * with the seed's documented response structure.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';

const SEED = readFileSync(new URL('../fixtures/api/seed-003-contacts.txt', import.meta.url), 'utf8');

interface CurlExample {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The `curl -X METHOD "URL" -H "…" -d '…'` commands of the seed. */
function curlExamples(text: string): CurlExample[] {
  const examples: CurlExample[] = [];
  const pattern = /curl -X (\w+) "([^"]+)" \\\n((?:\s+-H "[^"]+" \\\n)+)\s+-d '([\s\S]*?)'/g;
  for (const m of text.matchAll(pattern)) {
    const headers: Record<string, string> = {};
    for (const h of (m[3] as string).matchAll(/-H "([^:]+): ([^"]+)"/g))
      headers[h[1] as string] = h[2] as string;
    examples.push({ method: m[1] as string, url: m[2] as string, headers, body: m[4] as string });
  }
  return examples;
}

/** The keys of the seed's "回應結構範例" (response structure example). */
const SEED_RESPONSE_KEYS = [
  'id',
  'inboxName',
  'name',
  'avatar',
  'sourceId',
  'queryMetadata',
  'createdAt',
  'updatedAt',
];

describe('the seed curl examples', () => {
  const examples = curlExamples(SEED);
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ variant: 'seed', apiKey: 'seed-key' });
  });
  afterAll(() => emulator.close());

  const send = (example: CurlExample, contactId = ''): Promise<Response> => {
    const url = example.url
      .replace('https://api.maiagent.ai/api', emulator.url)
      .replace('{contact_id}', contactId);
    const headers = {
      ...example.headers,
      Authorization: example.headers['Authorization']!.replace('YOUR_API_KEY', 'seed-key'),
    };
    return fetch(url, { method: example.method, headers, body: example.body });
  };

  it('finds the POST and the PUT example in the seed', () => {
    expect(examples.map((e) => `${e.method} ${e.url}`)).toEqual([
      'POST https://api.maiagent.ai/api/contacts',
      'PUT https://api.maiagent.ai/api/contacts/{contact_id}/',
    ]);
  });

  it('answers both, in the documented response structure', async () => {
    const [post, put] = examples as [CurlExample, CurlExample];
    const created = await send(post);
    expect(created.status).toBe(201);
    const contact = (await created.json()) as Record<string, unknown>;
    expect(Object.keys(contact)).toEqual(SEED_RESPONSE_KEYS);
    const documented = JSON.parse(post.body) as Record<string, unknown>;
    expect(contact).toMatchObject({
      name: '王小明',
      avatar: 'https://example.com/avatar.jpg',
      sourceId: 'user_123456',
      queryMetadata: documented['query_metadata'],
    });
    expect(contact['createdAt']).toMatch(/^\d{13}$/); // the seed's millisecond timestamps

    const updated = await send(put, contact['id'] as string);
    expect(updated.status).toBe(200);
    const after = (await updated.json()) as Record<string, unknown>;
    expect(Object.keys(after)).toEqual(SEED_RESPONSE_KEYS);
    expect(after['id']).toBe(contact['id']);
    expect(after['queryMetadata']).toEqual(documented['query_metadata']);
    expect(emulator.store.size).toBe(1);
  });
});

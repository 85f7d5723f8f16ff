/** --seed-config: the config's inboxes, knowledge bases, labels, files and FAQs are served by the listings. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import { seedObjectsFromConfig } from '../../src/cli/seed-objects.js';

const EXAMPLE = fileURLToPath(new URL('../../contacts.yaml', import.meta.url));
const KB = '123e4567-e89b-12d3-a456-426614174000';

describe('emulator --seed-config contacts.yaml', () => {
  let emulator: RunningEmulator;
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: 'Api-Key k' } });
    expect(res.status).toBe(200);
    return res.json();
  };
  beforeAll(async () => {
    const { config } = await loadConfig([EXAMPLE]);
    emulator = await startEmulator({
      apiKey: 'k',
      variant: 'current',
      seedObjects: seedObjectsFromConfig(config!.value),
    });
  });
  afterAll(() => emulator.close());

  it('lists the inbox under its alias, attached to an assistant that uses the knowledge base', async () => {
    const inboxes = (await get('/inboxes/')) as {
      count: number;
      results: { id: string; name: string; chatbot: { id: string } }[];
    };
    expect(inboxes.count).toBe(1);
    expect(inboxes.results[0]).toMatchObject({
      id: '8a2b1c3d-4e5f-6789-abcd-ef0123456789',
      name: 'web-chat',
      channelType: 'web',
    });
    const kbs = (await get('/v1/knowledge-bases/')) as {
      results: { id: string; name: string; chatbots: { id: string }[] }[];
    };
    expect(kbs.results.map((k) => [k.id, k.name])).toEqual([[KB, 'product-docs']]);
    expect(kbs.results[0]?.chatbots.map((c) => c.id)).toEqual([inboxes.results[0]?.chatbot.id]);
  });

  it('lists labels, files and FAQs of the knowledge base, sorted by name', async () => {
    const names = async (part: string, field: string) =>
      ((await get(`/knowledge-bases/${KB}/${part}/`)) as { results: Record<string, string>[] }).results.map(
        (r) => r[field],
      );
    expect(await names('labels', 'name')).toEqual(['advanced', 'enterprise', 'vip']);
    expect(await names('files', 'filename')).toEqual(['manual', 'spec-sheet']);
    expect(await names('faqs', 'question')).toEqual(['pricing', 'shipping']);
    expect(await get(`/knowledge-bases/${KB}/files/9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e/`)).toMatchObject({
      filename: 'manual',
      status: 'done',
    });
  });

  it('404s an unknown knowledge base', async () => {
    const res = await fetch(`${emulator.url}/knowledge-bases/00000000-0000-0000-0000-000000000000/labels/`, {
      headers: { Authorization: 'Api-Key k' },
    });
    expect(res.status).toBe(404);
  });
});

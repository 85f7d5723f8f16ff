import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/start-emulator.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';

describe('emulator --data', () => {
  it('keeps contacts (soft-deleted ones too) and resources across restarts', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'mai-emulator-')), 'data.json');
    const headers = { Authorization: 'Api-Key k', 'Content-Type': 'application/json' };
    const first = await startEmulator({ apiKey: 'k', dataFile });
    const created = await fetch(`${first.url}/contacts/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'Kept',
        source_id: 'kept',
        inbox: INBOX,
        query_metadata: { knowledge_bases: [] },
      }),
    });
    const { id } = (await created.json()) as { id: string };
    const gone = await fetch(`${first.url}/contacts/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Gone', source_id: 'gone', inbox: INBOX }),
    });
    await fetch(`${first.url}/contacts/${((await gone.json()) as { id: string }).id}/`, {
      method: 'DELETE',
      headers,
    });
    await first.close();
    expect(JSON.parse(await readFile(dataFile, 'utf8'))).toMatchObject({
      format: 'mai-contacts-emulator',
      version: 1,
    });

    const second = await startEmulator({ apiKey: 'k', dataFile });
    try {
      const res = await fetch(`${second.url}/contacts/${id}/`, { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        name: 'Kept',
        sourceId: 'kept',
        queryMetadata: { knowledge_bases: [] },
      });
      expect(second.store.size).toBe(1);
      expect(second.store.everything()).toHaveLength(2);
      expect([...second.resources.inboxes.keys()]).toEqual([INBOX]);
      // a new contact after the restart does not reuse the sequence
      const again = await fetch(`${second.url}/contacts/`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Gone', source_id: 'gone', inbox: INBOX }),
      });
      expect(again.status).toBe(201);
      expect(second.store.contacts().map((c) => c.sourceId)).toEqual(['kept', 'gone']);
    } finally {
      await second.close();
    }
  });
});

/**
 * The client against the emulator in every response variant: contacts written with the resolved
 * (seed-shaped) bodies read back identically after normalisation, however the server shapes them.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type MaiAgentClient } from '../../src/api/client.js';
import type { LiveContact } from '../../src/api/types.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ContactsConfig } from '../../src/config/contacts-config.generated.js';
import type { EmulatorOptions } from '../../src/emulator/options.js';
import { startEmulator } from '../../src/emulator/start-emulator.js';
import { resolveContacts } from '../../src/resolve/resolve-contacts.js';
import type { ResolvedContact } from '../../src/resolve/types.js';
import { json, scriptedServer } from './scripted-server.js';
import { seedObjectsFromConfig } from '../../src/cli/seed-objects.js';

const EXAMPLE = fileURLToPath(new URL('../../contacts.yaml', import.meta.url));
const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';

const SHAPES: [string, EmulatorOptions][] = [
  ['seed', { variant: 'seed' }],
  ['current', { variant: 'current' }],
  ['current, camelCase metadata', { variant: 'current', camelMetadata: true }],
  ['examples (snake_case, limit/offset)', { variant: 'examples' }],
  ['seed, results nested too deep, offset paging', { variant: 'seed', nestResults: true, paging: 'offset' }],
  ['current, small capped pages', { variant: 'current', maxPageSize: 7 }],
];

/** What survives any round trip: everything but the server's timestamps. */
const comparable = (c: LiveContact) => ({ ...c, createdAt: 'ts', updatedAt: 'ts' });

describe('client round trip through every variant', () => {
  let config: ContactsConfig;
  let resolved: ResolvedContact[];
  beforeAll(async () => {
    config = (await loadConfig([EXAMPLE])).config!.value;
    const extra = Array.from({ length: 40 }, (_, i) => ({
      source_id: `bulk_${i}`,
      name: `Bulk ${i}`,
      inbox: 'web-chat',
      tier: 'member',
    }));
    config = { ...config, contacts: [...(config.contacts ?? []), ...extra] };
    resolved = resolveContacts(config);
  });

  async function roundTrip(options: EmulatorOptions, inboxField?: 'inbox' | 'inboxes') {
    const emulator = await startEmulator({
      ...options,
      seed: 99,
      seedObjects: seedObjectsFromConfig(config),
    });
    try {
      const client: MaiAgentClient = createClient({
        baseUrl: emulator.url,
        apiKey: emulator.apiKey,
        ...(inboxField ? { inboxField } : {}),
      });
      const created: LiveContact[] = [];
      for (const contact of resolved) created.push(await client.createContact(contact.body));
      const first = resolved[0]!;
      const updated = await client.updateContact(created[0]!.id, { ...first.body, name: 'Renamed' });
      const listed = await client.listContacts(INBOX);
      const found = await client.findBySourceId(INBOX, 'bulk_1');
      const missing = await client.findBySourceId(INBOX, 'bulk_');
      const got = await client.getContact(created[1]!.id);
      return { created, updated, listed, found, missing, got, posts: emulator.stats.byMethod['POST'] };
    } finally {
      await emulator.close();
    }
  }

  it.each(SHAPES)('%s', async (_name, options) => {
    const reference = await roundTrip({ variant: 'current' });
    const result = await roundTrip(options);
    expect(result.listed.map(comparable)).toEqual(reference.listed.map(comparable));
    expect(result.listed).toHaveLength(resolved.length);
    // what was written is what is read: the seed's snake_case query_metadata, whatever the casing served
    for (const [i, contact] of result.listed.entries()) {
      const body = resolved[i]!.body;
      expect(contact.queryMetadata).toEqual(body.query_metadata);
      expect(contact.sourceId).toBe(body.source_id);
      expect(contact.inboxIds).toEqual([INBOX]);
      expect(contact.inboxNames).toEqual(['web-chat']);
      expect(contact.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(result.listed[0]?.name).toBe('Renamed');
    expect(comparable(result.updated)).toEqual(comparable(result.listed[0]!));
    expect(result.created.map(comparable).slice(1)).toEqual(result.listed.map(comparable).slice(1));
    expect(result.found?.sourceId).toBe('bulk_1');
    expect(result.missing).toBeUndefined(); // `query` matched bulk_0 … bulk_39, none exactly
    expect(result.got).toMatchObject({
      id: result.listed[1]!.id,
      queryMetadata: resolved[1]!.body.query_metadata,
    });
  });

  it('api.inbox_field: inboxes sends [{id}], reads back the same contacts', async () => {
    const viaList = await roundTrip({ variant: 'current' }, 'inboxes');
    const viaString = await roundTrip({ variant: 'current' }, 'inbox');
    expect(viaList.listed.map(comparable)).toEqual(viaString.listed.map(comparable));
    const sent: unknown[] = [];
    const server = await scriptedServer((_req, res, seen) => {
      sent.push(JSON.parse(seen.body));
      json(res, 201, { id: 'c', sourceId: 'user_123456' });
    });
    try {
      const body = resolved[0]!.body;
      await createClient({ baseUrl: server.url, apiKey: 'k', inboxField: 'inboxes' }).createContact(body);
      await createClient({ baseUrl: server.url, apiKey: 'k' }).createContact(body);
      expect(Object.keys(sent[0] as object)).toEqual([
        'name',
        'avatar',
        'source_id',
        'inboxes',
        'query_metadata',
      ]);
      expect((sent[0] as { inboxes: unknown }).inboxes).toEqual([{ id: INBOX }]);
      expect(sent[1]).toEqual(body); // the seed's documented body, as resolved
    } finally {
      await server.close();
    }
  });
});

/** validate --remote in-process: an emulator seeded from a config, and configs that refer to more than it has. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedObjectsFromConfig } from '../../src/cli/seed-objects.js';
import { checkRemoteReferences } from '../../src/validate/check-remote.js';
import { createClient, type MaiAgentClient } from '../../src/api/client.js';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';

const EXAMPLE_TEXT = readFileSync(fileURLToPath(new URL('../../contacts.yaml', import.meta.url)), 'utf8');

async function configFrom(text: string): Promise<{ config: LoadedConfig; file: string }> {
  const file = join(await mkdtemp(join(tmpdir(), 'mai-remote-')), 'contacts.yaml');
  await writeFile(file, text);
  const { config, diagnostics } = await loadConfig([file]);
  expect(diagnostics).toEqual([]);
  return { config: config!, file };
}

const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('checkRemoteReferences', () => {
  let emulator: RunningEmulator;
  let client: MaiAgentClient;
  beforeAll(async () => {
    const { config } = await configFrom(EXAMPLE_TEXT);
    emulator = await startEmulator({ seedObjects: seedObjectsFromConfig(config.value) });
    client = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
  });
  afterAll(() => emulator.close());

  it('passes against an emulator seeded from the same config', async () => {
    const { config } = await configFrom(EXAMPLE_TEXT);
    expect(await checkRemoteReferences(config, client)).toEqual([]);
  });

  it('names a label, a file and a FAQ that do not exist, at the lines that declare them', async () => {
    const text = EXAMPLE_TEXT.replace(
      '  advanced: aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee\n',
      '  advanced: aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee\n  ghost: 99999999-2222-3333-4444-555555555555\n',
    )
      .replace(
        '      spec-sheet: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8f\n',
        '      spec-sheet: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8f\n      draft: 9f7a9f7b-2b2b-4c4c-9d9d-000000000000\n',
      )
      .replace(
        '      shipping: a1b2c3d4-e5f6-7890-abcd-1234567890ac\n',
        '      shipping: a1b2c3d4-e5f6-7890-abcd-1234567890ac\n      returns: a1b2c3d4-e5f6-7890-abcd-000000000000\n',
      );
    const { config, file } = await configFrom(text);
    const found = await checkRemoteReferences(config, client);
    expect(found.map((d) => [d.rule, d.message, d.location?.file, d.location?.line])).toEqual([
      [
        'remote-not-found',
        'label "ghost" (99999999-2222-3333-4444-555555555555) does not exist in MaiAgent',
        file,
        lineOf(text, 'ghost:'),
      ],
      [
        'remote-not-found',
        'file "draft" (9f7a9f7b-2b2b-4c4c-9d9d-000000000000) does not exist in MaiAgent in knowledge base 123e4567-e89b-12d3-a456-426614174000',
        file,
        lineOf(text, 'draft:'),
      ],
      [
        'remote-not-found',
        'FAQ "returns" (a1b2c3d4-e5f6-7890-abcd-000000000000) does not exist in MaiAgent in knowledge base 123e4567-e89b-12d3-a456-426614174000',
        file,
        lineOf(text, 'returns:'),
      ],
    ]);
    expect(found.every((d) => d.severity === 'error' && d.hint)).toBe(true);
  });

  it('names raw UUIDs where they are used, and a missing knowledge base once', async () => {
    const text = EXAMPLE_TEXT.replace(
      '\ncontacts:\n',
      `\ncontacts:
  - source_id: raw
    name: Raw
    inbox: 0f0f0f0f-0000-0000-0000-000000000000
    knowledge_bases:
      - { kb: 0e0e0e0e-0000-0000-0000-000000000000, files: [0d0d0d0d-0000-0000-0000-000000000000] }
`,
    );
    const { config } = await configFrom(text);
    const found = await checkRemoteReferences(config, client);
    expect(found.map((d) => [d.message.split(' does')[0], d.location?.line, d.location?.column])).toEqual([
      ['inbox 0f0f0f0f-0000-0000-0000-000000000000', lineOf(text, 'inbox: 0f0f'), 12],
      ['knowledge base 0e0e0e0e-0000-0000-0000-000000000000', lineOf(text, 'kb: 0e0e'), 15],
    ]);
  });

  it('reports a knowledge base granted to contacts of an inbox whose assistant does not use it', async () => {
    const shop = EXAMPLE_TEXT.replace(
      'inboxes: # alias -> inbox (conversation platform) UUID\n',
      'inboxes: # alias -> inbox (conversation platform) UUID\n  shop: 5a5a5a5a-0000-0000-0000-000000000000\n',
    );
    // MaiAgent attaches product-docs to the shop inbox's assistant only …
    const seeded = await configFrom(
      shop.replace('inboxes: [web-chat] # the inboxes', 'inboxes: [shop] # the inboxes'),
    );
    const remote = await startEmulator({ seedObjects: seedObjectsFromConfig(seeded.config.value) });
    try {
      // … while the config (no `inboxes:` restriction) grants it to web-chat contacts through the tiers
      const text = shop.replace(
        '    inboxes: [web-chat] # the inboxes whose assistant can use this knowledge base\n',
        '',
      );
      const { config } = await configFrom(text);
      const found = await checkRemoteReferences(
        config,
        createClient({ baseUrl: remote.url, apiKey: remote.apiKey }),
      );
      expect(found.map((d) => d.rule)).toEqual([
        'remote-kb-not-in-inbox',
        'remote-kb-not-in-inbox',
        'remote-kb-not-in-inbox',
      ]);
      expect(found[0]?.message).toBe(
        'knowledge base "product-docs" (123e4567-e89b-12d3-a456-426614174000) is not used by the assistant of inbox web-chat in MaiAgent, so it is granted to no effect (web-chat/user_123456)',
      );
      expect(found.map((d) => d.location?.line).sort((a, b) => a! - b!)).toEqual(
        [
          lineOf(text, '{ kb: product-docs, faqs: [pricing] }'),
          lineOf(text, 'files: [manual], faqs: [pricing, shipping]'),
          lineOf(text, '{ kb: product-docs, files: [manual], faqs: [pricing] }'),
        ].sort((a, b) => a - b),
      );
    } finally {
      await remote.close();
    }
  });
});

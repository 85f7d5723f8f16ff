/**
 * `import --inbox`: live contacts -> YAML (tier, aliased grants or raw query_metadata) adopted into state
 * (the CLI in the test process, `h.cli`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, readState, startHarness, type Harness } from '../apply/harness.js';

const WEB = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const DOCS = '123e4567-e89b-12d3-a456-426614174000';
const PRICING = 'a1b2c3d4-e5f6-7890-abcd-1234567890ab';
const MANUAL = '9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e';
const kb = (files: string[], faqs: string[]) => ({
  knowledge_base_id: DOCS,
  chatbot_file_ids: files,
  faq_ids: faqs,
  has_user_selected_all: 'False',
});

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('import', () => {
  it('writes tiers, aliased grants or raw metadata, adopts them, and the next plan is empty', async () => {
    const h = (harness = await startHarness(tempDir('mai-import-'), generatedConfig(2)));
    h.emulator.insert([
      {
        inboxIds: [WEB],
        name: 'Visitor',
        sourceId: 'v-1',
        queryMetadata: { knowledge_bases: [kb([], [PRICING])] },
      },
      {
        inboxIds: [WEB],
        name: 'Manual only',
        sourceId: 'm-1',
        queryMetadata: { knowledge_bases: [kb([MANUAL], [])] },
      },
      {
        inboxIds: [WEB],
        name: 'Elsewhere',
        sourceId: 'x-1',
        queryMetadata: {
          knowledge_bases: [{ ...kb([], []), knowledge_base_id: '99999999-0000-4000-8000-000000000009' }],
        },
      },
      { inboxIds: [WEB], name: 'Anonymous', sourceId: '' },
      { inboxIds: [WEB], name: 'Declared', sourceId: 'user-1' },
    ]);

    const r = await h.cli(['import', '--inbox', 'web', '--out', 'imported.yaml']);
    expect(r.stderr).toContain(
      'Imported 3 contact(s) from inbox web (skipped: 1 already declared, 1 without a source_id) into imported.yaml; adopted into state.',
    );
    expect(r.code).toBe(0);
    const yaml = parse(readFileSync(join(h.dir, 'imported.yaml'), 'utf8')) as { contacts: unknown[] };
    expect(yaml.contacts).toEqual([
      {
        source_id: 'm-1',
        name: 'Manual only',
        inbox: 'web',
        knowledge_bases: [{ kb: 'docs', files: ['manual'] }],
      },
      { source_id: 'v-1', name: 'Visitor', inbox: 'web', tier: 'visitor' },
      {
        source_id: 'x-1',
        name: 'Elsewhere',
        inbox: 'web',
        query_metadata: {
          knowledge_bases: [{ ...kb([], []), knowledge_base_id: '99999999-0000-4000-8000-000000000009' }],
        },
      },
    ]);
    const state = await readState(h.dir);
    expect(state.get(`${WEB}/v-1`)?.contact_id).toBe(h.emulator.store.findBySource(WEB, 'v-1')?.id);
    expect(state.size).toBe(3);

    // With the imported file beside the config, nothing is left to do for them (user-1 was adopted as is).
    const plan = await h.cli(['plan', '-c', '.', '--format', 'json']);
    expect(plan.code).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string }[] }).changes;
    expect(changes.filter((c) => !c.address.includes('user-')).map((c) => [c.address, c.action])).toEqual([
      ['web/m-1', 'no-op'],
      ['web/v-1', 'no-op'],
      ['web/x-1', 'no-op'],
    ]);
  }, 180_000);

  it('refuses an inbox the config does not know by alias', async () => {
    const h = (harness = await startHarness(tempDir('mai-import-'), generatedConfig(2)));
    const r = await h.cli(['import', '--inbox', 'nowhere']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: --inbox nowhere is neither an inbox alias of the config nor a UUID\n');
  });
});

import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/validate/check-config.js';
import { RULE_CATALOG } from '../../src/validate/rule-catalog.js';
import { loadConfig } from '../../src/config/load-config.js';
import { resolveContacts } from '../../src/resolve/resolve-contacts.js';
import { tempFiles } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/m;

const examples = (await readdir(join(ROOT, 'examples'), { withFileTypes: true }))
  .filter((e) => e.isDirectory() && existsSync(join(ROOT, 'examples', e.name, 'contacts.yaml')))
  .map((e) => join('examples', e.name));

/** The request body documented in shared/seeds/003_5880fd35388aa4b7.txt ("請求範例值"). */
const SEED_BODY = {
  name: '王小明',
  avatar: 'https://example.com/avatar.jpg',
  source_id: 'user_123456',
  inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789',
  query_metadata: {
    label_relations: {
      operator: 'OR',
      conditions: [
        { label_id: '11111111-2222-3333-4444-555555555555' },
        {
          operator: 'AND',
          conditions: [
            { label_id: '66666666-7777-8888-9999-000000000000' },
            { label_id: 'aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee' },
          ],
        },
      ],
    },
    knowledge_bases: [
      {
        knowledge_base_id: '123e4567-e89b-12d3-a456-426614174000',
        chatbot_file_ids: ['9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e'],
        faq_ids: ['a1b2c3d4-e5f6-7890-abcd-1234567890ab'],
        has_user_selected_all: 'False',
      },
    ],
  },
};

describe('examples', () => {
  it('has the three scenarios of the seeds', () => {
    expect(examples.sort()).toEqual([
      'examples/departments',
      'examples/membership-tiers',
      'examples/product-tags',
      'examples/roster-csv',
      'examples/roster-postgres',
    ]);
  });

  // examples/roster-postgres reads a database: test/config/postgres-roster.test.ts validates it on a real cluster.
  it.each([...examples.filter((e) => e !== 'examples/roster-postgres'), '.'])(
    '%s is valid without a single warning, and documented',
    async (dir) => {
      const file = join(ROOT, dir, 'contacts.yaml');
      const diagnostics = checkConfig(await loadConfig([file]));
      expect(diagnostics).toEqual([]);
      const text = await readFile(file, 'utf8');
      const schema = MODELINE.exec(text)?.[1];
      expect(schema, 'the yaml-language-server modeline').toBeDefined();
      expect((await stat(join(ROOT, dir, schema ?? ''))).isFile()).toBe(true);
      const readme = await readFile(join(ROOT, dir, 'README.md'), 'utf8');
      expect(readme.length).toBeGreaterThan(200);
    },
  );

  it('contacts.yaml declares the seed contact, which resolves byte for byte to the documented body', async () => {
    const { config } = await loadConfig([join(ROOT, 'contacts.yaml')]);
    const seed = resolveContacts(config!.value).find((c) => c.address === 'web-chat/user_123456');
    expect(JSON.stringify(seed?.body)).toBe(JSON.stringify(SEED_BODY));
  });

  it('the README teaches a valid config and lists every rule', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- section: config -->'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const dir = await tempFiles({ 'contacts.yaml': yaml });
    expect(checkConfig(await loadConfig([join(dir, 'contacts.yaml')]))).toEqual([]);
    for (const rule of RULE_CATALOG) expect(readme, rule.id).toMatch(new RegExp(`\\| \`${rule.id}\` +\\|`));
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

async function files(contents: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mai-contacts-load-'));
  for (const [name, text] of Object.entries(contents)) await writeFile(join(dir, name), text);
  return dir;
}

describe('loadConfig', () => {
  it('merges the files of a directory section by section and keeps positions', async () => {
    const dir = await files({
      'a.yaml': 'version: 1\ninboxes:\n  web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789\n',
      'b.yaml': 'contacts:\n  - source_id: u1\n    name: One\n    inbox: web\n',
    });
    const { config, diagnostics } = await loadConfig([dir]);
    expect(diagnostics).toEqual([]);
    expect(config?.value.inboxes).toEqual({ web: '8a2b1c3d-4e5f-6789-abcd-ef0123456789' });
    expect(config?.locate(['contacts', 0, 'inbox'])).toMatchObject({
      file: join(dir, 'b.yaml'),
      line: 4,
      column: 12,
    });
  });

  it('names both places when a name is defined in two files', async () => {
    const dir = await files({
      'a.yaml': 'tiers:\n  vip: {}\n',
      'b.yaml': '\n\ntiers:\n  vip: {}\n',
    });
    const { diagnostics } = await loadConfig([dir]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      rule: 'duplicate-definition',
      location: { file: join(dir, 'b.yaml'), line: 4 },
    });
    expect(diagnostics[0]?.message).toContain(`${join(dir, 'a.yaml')}:2:3`);
  });
});

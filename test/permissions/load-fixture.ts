/** Loads a permissions scenario fixture (or YAML text) into a merged, schema-checked config. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/permissions/', import.meta.url));

export async function loadFixture(name: string): Promise<LoadedConfig> {
  return load(join(FIXTURES, name));
}

export async function loadYaml(text: string): Promise<LoadedConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'mai-contacts-perms-'));
  const path = join(dir, 'contacts.yaml');
  await writeFile(path, text);
  return load(path);
}

async function load(path: string): Promise<LoadedConfig> {
  const { config, diagnostics } = await loadConfig([path]);
  expect(diagnostics).toEqual([]);
  return config as LoadedConfig;
}

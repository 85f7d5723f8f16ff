import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { mergeFiles, type LoadedConfig } from '../../src/config/load-config.js';
import { parseYamlFile } from '../../src/config/parse-yaml.js';
import { validateSchema } from '../../src/config/validate-schema.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE_CONFIG = `${REPO_ROOT}contacts.yaml`;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/**
 * What the `yaml` package (the reference reader) reads, strict and with unique keys, or undefined when
 * it reports any error or warning.
 */
export function yamlValue(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, strict: true, prettyErrors: false });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  try {
    return { value: doc.toJS({ maxAliasCount: -1 }) as unknown };
  } catch {
    return undefined;
  }
}

/** Every YAML file of the repository's examples and fixtures, and the example contacts.yaml. */
export const YAML_CORPUS: readonly string[] = [
  EXAMPLE_CONFIG,
  ...yamlFiles(join(REPO_ROOT, 'examples')),
  ...yamlFiles(join(REPO_ROOT, 'test/fixtures')),
];

/** In-memory load of YAML texts (file name -> text), failing loudly on any diagnostic. */
export function configFromYaml(files: Record<string, string> | string): LoadedConfig {
  const texts = typeof files === 'string' ? { 'contacts.yaml': files } : files;
  const parsed = Object.entries(texts).map(([path, text]) => {
    const result = parseYamlFile(path, Buffer.from(text));
    if (!result.file) throw new Error(`${path}: ${JSON.stringify(result.diagnostics)}`);
    const problems = validateSchema(result.file);
    if (problems.length > 0) throw new Error(`${path}: ${JSON.stringify(problems)}`);
    return result.file;
  });
  const { config, diagnostics } = mergeFiles(parsed);
  if (diagnostics.length > 0) throw new Error(JSON.stringify(diagnostics));
  return config;
}

export function exampleConfig(): LoadedConfig {
  return configFromYaml({ [EXAMPLE_CONFIG]: readFileSync(EXAMPLE_CONFIG, 'utf8') });
}

/** Keys sorted at every depth; arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A small config header every test config starts from. */
export const HEADER = `version: 1
inboxes:
  web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
  app: 0b0b0b0b-0000-4000-8000-000000000001
labels:
  vip: 11111111-2222-3333-4444-555555555555
  enterprise: 66666666-7777-8888-9999-000000000000
  advanced: aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee
knowledge_bases:
  docs:
    id: 123e4567-e89b-12d3-a456-426614174000
    files: { manual: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e, spec: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8f }
    faqs: { pricing: a1b2c3d4-e5f6-7890-abcd-1234567890ab, shipping: a1b2c3d4-e5f6-7890-abcd-1234567890ac }
  internal:
    id: 22222222-0000-4000-8000-000000000002
    files: { handbook: 33333333-0000-4000-8000-000000000003 }
`;

export const IDS = {
  web: '8a2b1c3d-4e5f-6789-abcd-ef0123456789',
  app: '0b0b0b0b-0000-4000-8000-000000000001',
  vip: '11111111-2222-3333-4444-555555555555',
  enterprise: '66666666-7777-8888-9999-000000000000',
  advanced: 'aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee',
  docs: '123e4567-e89b-12d3-a456-426614174000',
  manual: '9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e',
  spec: '9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8f',
  pricing: 'a1b2c3d4-e5f6-7890-abcd-1234567890ab',
  shipping: 'a1b2c3d4-e5f6-7890-abcd-1234567890ac',
  internal: '22222222-0000-4000-8000-000000000002',
  handbook: '33333333-0000-4000-8000-000000000003',
} as const;

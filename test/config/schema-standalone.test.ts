/**
 * The validator the built CLI uses (ajv standalone code, compiled by scripts/build.js) against ajv's
 * compile of the schema at run time: the same verdict and the same errors on every example and fixture,
 * and on variants of each that break it in typical ways. `npm test` builds first.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contactsValidator } from '../../src/config/contacts-validator.js';
import { YAML_CORPUS } from '../helpers/config.js';

const ROOT = join(import.meta.dirname, '../..');
const STANDALONE = join(ROOT, 'dist', 'contacts-validator.standalone.js');

const CORPUS = YAML_CORPUS;

/** The value, and variants that a schema must judge: wrong types, unknown keys, empty strings. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  const root = value as Record<string, unknown>;
  out.push({ ...root, version: 2 }, { ...root, unknown_section: true }, { ...root, contacts: 'none' });
  const contacts = Array.isArray(root['contacts']) ? (root['contacts'] as unknown[]) : [];
  const first = contacts[0] as Record<string, unknown> | undefined;
  if (first && typeof first === 'object') {
    for (const change of [
      { name: '' },
      { source_id: 42 },
      { avatar: 'not a url' },
      { tier: ['a', 'b'] },
      { typo: 1 },
      { knowledge_bases: [{ kb: 'x', files: 'y' }] },
      { query_metadata: {}, tier: 'x' },
    ])
      out.push({ ...root, contacts: [{ ...first, ...change }, ...contacts.slice(1)] });
  }
  return out;
}

const verdict = (validate: ValidateFunction, value: unknown): unknown => {
  const valid = validate(structuredClone(value));
  return {
    valid,
    errors: (validate.errors ?? []).map((e) => [
      e.instancePath,
      e.keyword,
      e.schemaPath,
      JSON.stringify(e.params),
    ]),
  };
};

describe('the build-time (standalone) contacts validator', () => {
  it('judges every example, fixture and variant exactly as ajv compiling the schema does', async () => {
    const standalone = ((await import(pathToFileURL(STANDALONE).href)) as { default: ValidateFunction })
      .default;
    const runtime = contactsValidator();
    let values = 0;
    let invalid = 0;
    for (const path of CORPUS) {
      let value: unknown;
      try {
        value = parse(readFileSync(path, 'utf8'));
      } catch {
        continue; // the syntax fixtures
      }
      for (const variant of variants(value)) {
        const expected = verdict(runtime, variant);
        expect(verdict(standalone, variant), relative(ROOT, path)).toEqual(expected);
        values++;
        if (!(expected as { valid: boolean }).valid) invalid++;
      }
    }
    expect(values).toBeGreaterThan(200);
    expect(invalid).toBeGreaterThan(100);
  });
});

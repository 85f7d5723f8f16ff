import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { contactsSchema } from '../../src/config/validate-schema.js';
import { render, TARGETS } from '../../scripts/generate-types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
type Schema = Record<string, unknown>;

/** Every object schema in the document, with its JSON pointer. */
function objectSchemas(node: unknown, pointer = '#'): [string, Schema][] {
  if (node === null || typeof node !== 'object') return [];
  const found: [string, Schema][] = [];
  const schema = node as Schema;
  if (schema['type'] === 'object') found.push([pointer, schema]);
  for (const [key, child] of Object.entries(schema)) {
    if (Array.isArray(child))
      child.forEach((c, i) => found.push(...objectSchemas(c, `${pointer}/${key}/${i}`)));
    else found.push(...objectSchemas(child, `${pointer}/${key}`));
  }
  return found;
}

describe('contacts.schema.json', () => {
  const schema = contactsSchema();
  const defs = schema['$defs'] as Record<string, Schema>;

  it('is a 2020-12 schema with an $id that ajv compiles in strict mode', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toMatch(/^https:\/\//);
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('closes every object (additionalProperties: false) except the alias maps and raw query_metadata', () => {
    for (const [pointer, object] of objectSchemas(schema)) {
      const closed = object['additionalProperties'] === false;
      const aliasMap = object['propertyNames'] !== undefined; // alias -> UUID or alias -> definition
      const rawMetadata = pointer === '#/$defs/queryMetadata'; // free-form keys pass through, as the API allows
      expect(closed || aliasMap || rawMetadata, pointer).toBe(true);
    }
  });

  it('describes every property, itself or through the definition it refers to', () => {
    const undocumented: string[] = [];
    for (const [pointer, object] of objectSchemas(schema)) {
      for (const [name, property] of Object.entries((object['properties'] ?? {}) as Record<string, Schema>)) {
        if (property === (true as unknown)) continue; // `{contact: true}` inside oneOf branches
        const ref =
          typeof property['$ref'] === 'string' ? defs[property['$ref'].replace('#/$defs/', '')] : undefined;
        if (!property['description'] && !ref?.['description'])
          undocumented.push(`${pointer}/properties/${name}`);
      }
    }
    expect(undocumented).toEqual([]);
    for (const [name, def] of Object.entries(defs)) expect(def['description'], name).toBeTruthy();
  });

  it('has generated TypeScript types that match it (run npm run generate after a change)', async () => {
    for (const { schema: file, out } of TARGETS) {
      const expected = await render(file);
      const actual = await readFile(new URL(`../../${out}`, import.meta.url), 'utf8');
      expect(actual, `${out} is out of date with schemas/${file}`).toBe(expected);
      expect(actual).toContain('Do not edit by hand');
    }
  });
});

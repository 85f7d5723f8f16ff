// Generates TypeScript types from the JSON Schemas in schemas/. `npm run generate`; `--check` fails on drift.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const HEADER = `/* eslint-disable */
/**
 * Generated from schemas/%SCHEMA% by \`npm run generate\`. Do not edit by hand:
 * change the schema and run the generator again.
 */`;

export const TARGETS = [{ schema: 'contacts.schema.json', out: 'src/config/contacts-config.generated.ts' }];

export async function render(schemaFile) {
  const schema = JSON.parse(await readFile(new URL(`../schemas/${schemaFile}`, import.meta.url), 'utf8'));
  return compile(schema, schema.title, {
    bannerComment: HEADER.replace('%SCHEMA%', schemaFile),
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let drift = false;
  for (const { schema, out } of TARGETS) {
    const text = await render(schema);
    const path = new URL(`../${out}`, import.meta.url);
    if (check) {
      const current = await readFile(path, 'utf8').catch(() => '');
      if (current !== text) {
        console.error(`${out} is out of date with schemas/${schema}: run npm run generate`);
        drift = true;
      }
    } else {
      await writeFile(path, text);
      console.log(`wrote ${out}`);
    }
  }
  if (drift) process.exitCode = 1;
}

/**
 * The compiled validator of schemas/contacts.schema.json. Here ajv compiles it on first use; the built
 * CLI (scripts/build.js) replaces this module with ajv's standalone code for the same schema, compiled
 * at build time, so a run neither loads ajv's compiler nor compiles the schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const CONTACTS_SCHEMA_URL = new URL('../../schemas/contacts.schema.json', import.meta.url);

/** The options every contacts validator is compiled with (also by the build). */
export const CONTACTS_AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

let compiled: ValidateFunction | undefined;

export function contactsValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020(CONTACTS_AJV_OPTIONS);
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(CONTACTS_SCHEMA_URL, 'utf8')) as Record<string, unknown>);
  }
  return compiled;
}

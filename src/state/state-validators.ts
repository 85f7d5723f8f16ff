/**
 * The compiled validators of schemas/state.schema.json: the whole file, one journal line, one entry. Here ajv
 * compiles them on first use; the built CLI (scripts/build.js) replaces this module with ajv's
 * standalone code for the same schema, compiled at build time, so that reading a state neither loads
 * ajv's compiler nor compiles the schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export const STATE_SCHEMA_URL = new URL('../../schemas/state.schema.json', import.meta.url);

/** The options the state validators are compiled with (also by the build). */
export const STATE_AJV_OPTIONS = { allErrors: false, strict: true, allowUnionTypes: true } as const;

export interface StateValidators {
  file: ValidateFunction;
  line: ValidateFunction;
  /** One entry of `contacts` (as the state file stores it). */
  entry: ValidateFunction;
}

let validators: StateValidators | undefined;

export function stateValidators(): StateValidators {
  if (!validators) {
    const ajv = new Ajv2020(STATE_AJV_OPTIONS);
    const schema = JSON.parse(readFileSync(STATE_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
    ajv.addSchema(schema);
    const id = schema['$id'] as string;
    validators = {
      file: ajv.getSchema(id) as ValidateFunction,
      line: ajv.getSchema(`${id}#/$defs/journalLine`) as ValidateFunction,
      entry: ajv.getSchema(`${id}#/$defs/storedEntry`) as ValidateFunction,
    };
  }
  return validators;
}

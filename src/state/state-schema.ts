/** ajv over schemas/state.schema.json: the shape check of the state file and of journal lines. */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

const SCHEMA_URL = new URL('../../schemas/state.schema.json', import.meta.url);

let validators: { file: ValidateFunction; line: ValidateFunction } | undefined;

function compile(): { file: ValidateFunction; line: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true });
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
    ajv.addSchema(schema);
    const id = schema['$id'] as string;
    validators = {
      file: ajv.getSchema(id) as ValidateFunction,
      line: ajv.getSchema(`${id}#/$defs/journalLine`) as ValidateFunction,
    };
  }
  return validators;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'invalid';
  return `${first.instancePath || '/'} ${first.message ?? 'is invalid'}`;
}

/** undefined when valid, else a short description of the first problem. */
export function stateFileProblem(value: unknown): string | undefined {
  const { file } = compile();
  return file(value) ? undefined : describe(file.errors);
}

export function journalLineProblem(value: unknown): string | undefined {
  const { line } = compile();
  return line(value) ? undefined : describe(line.errors);
}

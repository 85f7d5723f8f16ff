/**
 * The SARIF 2.1.0 JSON Schema, as shipped in the npm package @microsoft/jest-sarif (MIT, Microsoft):
 * `lib/schemas/sarif-2.1.0-rtm.5.json`, the schemastore.org `sarif-2.1.0-rtm.5` schema that code
 * scanning tools validate against. It is draft-04, hence ajv-draft-04; one of its patterns is not
 * valid with the `u` flag, hence `unicodeRegExp: false`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
// CommonJS with `exports.default`: the class is the default export's `default`.
const AjvDraft04 = ajvDraft04Module.default;
const addFormats = addFormatsModule as unknown as (ajv: InstanceType<typeof AjvDraft04>) => unknown;

export function sarifValidator(): ValidateFunction {
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

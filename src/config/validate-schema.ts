/**
 * ajv over schemas/contacts.schema.json (allErrors, strict, formats), with its errors turned into our
 * own diagnostics: the noise of anyOf/oneOf branches folded away, each error placed at its YAML node.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { CONTACTS_SCHEMA_URL, contactsValidator as validator } from './contacts-validator.js';
import type { Diagnostic } from './diagnostic.js';
import { foldErrors } from './fold-schema-errors.js';
import type { ParsedFile, PathSegment } from './parse-yaml.js';

export { CONTACTS_SCHEMA_URL };

/** The contacts schema, parsed. */
export function contactsSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(CONTACTS_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

const soundness = new WeakMap<object, boolean>();

/** Whether a (merged) config value satisfies the schema; remembered per value. */
export function isSchemaValid(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  let valid = soundness.get(value);
  if (valid === undefined) {
    valid = validator()(value);
    soundness.set(value, valid);
  }
  return valid;
}

/**
 * Records that `merged` is schema-valid without validating it again: the loader calls it when the
 * config is one schema-valid file, whose merged value has the same content (saves a full ajv pass).
 */
export function rememberSchemaValid(merged: object): void {
  soundness.set(merged, true);
}

export function validateSchema(file: ParsedFile): Diagnostic[] {
  const validate = validator();
  if (validate(file.value)) return [];
  return foldErrors(validate.errors ?? []).map((error) => toDiagnostic(file, error));
}

const RULE_OF_KEYWORD: Record<string, string> = {
  additionalProperties: 'schema-unknown-property',
  required: 'schema-required',
  type: 'schema-type',
  enum: 'schema-enum',
  const: 'schema-const',
  format: 'schema-format',
  pattern: 'schema-pattern',
  minLength: 'schema-length',
  maxLength: 'schema-length',
  minItems: 'schema-min-items',
  'false schema': 'schema-conflicting-properties',
  oneOf: 'schema-one-of',
  anyOf: 'schema-any-of',
  propertyNames: 'invalid-alias-name',
};

const REQUIRED_HINTS: Record<string, string> = {
  source_id:
    "add source_id: the business system's user id. It is the natural key that lets apply find the contact again, so it is never created twice",
  name: 'add name: the display name MaiAgent shows for the contact',
  inbox: 'add inbox: the inbox alias (or UUID) the contact belongs to',
  id: 'add id: the knowledge base UUID',
};

const DEFAULT_HINT = 'see the schema description of this field (editors with yaml-language-server show it)';

/** `contacts[2].knowledge_bases[0].kb` */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the file';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function toDiagnostic(file: ParsedFile, error: ErrorObject): Diagnostic {
  const path = pathOf(error.instancePath);
  const where = formatPath(path);
  const params = error.params as Record<string, unknown>;
  let rule = RULE_OF_KEYWORD[error.keyword] ?? 'schema-invalid';
  let message = `${where}: ${error.message ?? 'is invalid'}`;
  let hint = DEFAULT_HINT;
  let part: 'key' | 'value' = 'value';
  switch (error.keyword) {
    case 'additionalProperties': {
      const property = String(params['additionalProperty']);
      message = `unknown property "${property}"${path.length ? ` in ${where}` : ''}`;
      hint = 'remove it or check its spelling; the schema lists the allowed properties';
      path.push(property);
      part = 'key';
      break;
    }
    case 'required': {
      const property = String(params['missingProperty']);
      message = `${where}: missing required property "${property}"`;
      hint = REQUIRED_HINTS[property] ?? `add ${property}`;
      break;
    }
    case 'propertyNames': {
      const name = String(params['propertyName']);
      message = `${where}: "${name}" is not a valid name`;
      hint = 'names use letters, digits, _, - and ., and start with a letter or digit';
      path.push(name);
      part = 'key';
      break;
    }
    case 'false schema': {
      const property = path[path.length - 1];
      const other = /dependentSchemas\/([^/]+)\//.exec(error.schemaPath)?.[1];
      part = 'key';
      message = other
        ? `${where}: "${String(property)}" cannot be combined with "${other}"`
        : `${where}: property not allowed`;
      hint = other ? `keep either ${other} or ${String(property)}` : DEFAULT_HINT;
      break;
    }
    case 'pattern':
      if (String(params['pattern']).includes('[0-9a-fA-F]{8}')) {
        rule = 'malformed-uuid';
        message = `${where}: "${String(valueAt(file.value, path))}" is not a valid UUID`;
        hint = 'a UUID has 8-4-4-4-12 hexadecimal digits, e.g. 123e4567-e89b-12d3-a456-426614174000';
      } else if (path[0] === 'tests' && path[path.length - 1] === 'contact') {
        message = `${where}: "${String(valueAt(file.value, path))}" is not a contact address`;
        hint = 'a contact address is <inbox alias>/<source_id>, e.g. web-chat/user_123456';
      }
      break;
    case 'format':
      message = `${where}: "${String(valueAt(file.value, path))}" is not a valid ${String(params['format']).toUpperCase()}`;
      hint = path[path.length - 1] === 'avatar' ? 'write the full https:// URL of the image' : DEFAULT_HINT;
      break;
    case 'enum':
      message = `${where}: must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      hint = 'use one of the listed values';
      break;
    case 'const':
      message = `${where}: must be ${JSON.stringify(params['allowedValue'])}`;
      hint = `write ${JSON.stringify(params['allowedValue'])}`;
      break;
    case 'type':
      hint = `write a ${String(params['type'])} here`;
      break;
    case 'anyOf':
    case 'oneOf':
      ({ message, hint } = combinatorMessage(path, where, error));
      break;
  }
  return { rule, severity: 'error', message, hint, location: file.locate(path, part) };
}

function combinatorMessage(
  path: PathSegment[],
  where: string,
  error: ErrorObject,
): { message: string; hint: string } {
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  if (path[0] === 'tests' && path.length === 2) {
    const subject = error.schemaPath.includes('allOf/0');
    const both = Array.isArray(passing);
    const [a, b] = subject ? ['contact', 'tier'] : ['can', 'cannot'];
    return {
      message: `${where}: a test ${both ? 'has both' : 'needs one of'} \`${a}\` ${both ? 'and' : 'or'} \`${b}\``,
      hint: `keep exactly one of ${a} or ${b}`,
    };
  }
  if (path[path.length - 1] === 'extends') {
    return {
      message: `${where}: \`extends\` is a tier name or a list of tier names`,
      hint: 'e.g. extends: visitor',
    };
  }
  if (path.includes('label_relations')) {
    return {
      message: `${where}: a label_relations condition is {label_id: UUID} or {operator: AND|OR, conditions: [...]}`,
      hint: 'see the seed format of label_relations',
    };
  }
  if (path.includes('labels')) {
    return {
      message: `${where}: a label expression is a label alias or UUID, {any: [...]} or {all: [...]}`,
      hint: 'e.g. labels: { any: [vip, { all: [enterprise, advanced] }] }',
    };
  }
  return {
    message: `${where}: ${error.message ?? 'matches none of the allowed shapes'}`,
    hint: DEFAULT_HINT,
  };
}

function pathOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node;
}

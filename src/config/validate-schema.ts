/**
 * ajv over schemas/contacts.schema.json, with its errors turned into our own diagnostics:
 * branch noise of anyOf/oneOf folded away, each error placed at its YAML node.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Diagnostic } from './diagnostic.js';
import type { ParsedFile, PathSegment } from './parse-yaml.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const CONTACTS_SCHEMA_URL = new URL('../../schemas/contacts.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The contacts schema, parsed. */
export function contactsSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(CONTACTS_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    compiled = ajv.compile(contactsSchema());
  }
  return compiled;
}

/** Friendly messages for schema places whose ajv wording says little. */
const MESSAGES: Record<string, string> = {
  '#/$defs/permissionTest/allOf/0/oneOf': 'a test names exactly one subject: `contact` or `tier`',
  '#/$defs/permissionTest/allOf/1/oneOf': 'a test asserts exactly one of `can` or `cannot`',
  '#/$defs/labelExpression/anyOf':
    'a label expression is a label alias or UUID, {any: [...]} or {all: [...]}, nested freely',
  '#/properties/tiers/additionalProperties/properties/extends/anyOf':
    '`extends` is a tier name or a list of them',
};

export function validateSchema(file: ParsedFile): Diagnostic[] {
  const validate = validator();
  if (validate(file.value)) return [];
  return foldErrors(validate.errors ?? []).map((error) => toDiagnostic(file, error));
}

/** Drops the errors of anyOf/oneOf branches that clearly did not apply, keeping the most specific. */
export function foldErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  // Innermost first: deeper instance paths are more specific.
  combinators.sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const combinator of combinators) {
    if (dropped.has(combinator)) continue;
    const prefix = `${combinator.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (e === combinator || dropped.has(e)) continue;
      if (!e.schemaPath.startsWith(prefix) || !e.instancePath.startsWith(combinator.instancePath)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    // A branch whose errors all sit deeper than the combinator matched this level: its errors are the real ones.
    const matched = [...branches.values()].find((list) =>
      list.every((e) => e.instancePath.length > combinator.instancePath.length),
    );
    for (const list of branches.values()) if (list !== matched) list.forEach((e) => dropped.add(e));
    if (matched) dropped.add(combinator);
  }
  const kept = errors.filter((e) => !dropped.has(e));
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${e.message}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pathOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function kebab(keyword: string): string {
  return keyword.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

function toDiagnostic(file: ParsedFile, error: ErrorObject): Diagnostic {
  const path = pathOf(error.instancePath);
  const where = path.length ? path.join('.') : 'the file';
  let rule = `schema-${kebab(error.keyword)}`;
  let message = `${where}: ${error.message ?? 'is invalid'}`;
  let hint: string | undefined;
  let part: 'key' | 'value' = 'value';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const property = String(params['additionalProperty']);
      path.push(property);
      part = 'key';
      message = `unknown property "${property}"${path.length > 1 ? ` in ${path.slice(0, -1).join('.')}` : ''}`;
      hint = 'remove it or check its spelling; the schema lists the allowed properties';
      rule = 'schema-unknown-property';
      break;
    }
    case 'required':
      message = `${where}: missing required property "${String(params['missingProperty'])}"`;
      hint = `add ${String(params['missingProperty'])}`;
      break;
    case 'false schema': {
      const property = path[path.length - 1];
      const dependent = /dependentSchemas\/([^/]+)\//.exec(error.schemaPath)?.[1];
      part = 'key';
      rule = 'schema-conflicting-properties';
      message = dependent
        ? `${where}: "${String(property)}" cannot be combined with "${dependent}"`
        : `${where}: property not allowed`;
      hint = dependent ? `keep either ${dependent} or ${String(property)}` : undefined;
      break;
    }
    case 'pattern':
      if (String(params['pattern']).includes('[0-9a-fA-F]{8}')) {
        rule = 'malformed-uuid';
        message = `${where}: "${String(valueAt(file.value, path))}" is not a UUID`;
        hint = 'a UUID has 8-4-4-4-12 hexadecimal digits, e.g. 123e4567-e89b-12d3-a456-426614174000';
      }
      break;
    case 'enum':
      message = `${where}: must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      message = `${where}: must be ${JSON.stringify(params['allowedValue'])}`;
      break;
    case 'anyOf':
    case 'oneOf': {
      const friendly = Object.entries(MESSAGES).find(([k]) => error.schemaPath.endsWith(k.slice(1)))?.[1];
      if (friendly) message = `${where}: ${friendly}`;
      break;
    }
  }
  return {
    rule,
    severity: 'error',
    message,
    hint: hint ?? 'see the schema description of this field (editors with yaml-language-server show it)',
    location: file.locate(path, part),
  };
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node;
}

/**
 * The rule ids the loader and the schema can report, with what each means and how to fix it
 * (src/validate/rule-catalog.ts adds the semantic rules for the whole catalog).
 */
import type { Severity } from './diagnostic.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  stage: 'load' | 'schema' | 'semantic';
  description: string;
  fix: string;
}

const load = (id: string, description: string, fix: string): RuleInfo => ({
  id,
  severity: 'error',
  stage: 'load',
  description,
  fix,
});
const schema = (id: string, description: string, fix: string): RuleInfo => ({
  id,
  severity: 'error',
  stage: 'schema',
  description,
  fix,
});

export const LOADER_RULES: readonly RuleInfo[] = [
  load(
    'config-not-found',
    'A config path does not exist, cannot be read, or names a directory without YAML files.',
    'check the paths given with -c (default ./contacts.yaml)',
  ),
  load(
    'file-too-large',
    'A config file is over the size bound; it is refused before it is read.',
    'split the config into several files, or raise the bound with --max-file-size',
  ),
  load('file-not-utf8', 'A config file is not valid UTF-8.', 'save the file as UTF-8'),
  load(
    'yaml-syntax',
    'The file is not valid YAML (or holds several documents, or an unknown tag).',
    'fix the YAML syntax at the position shown',
  ),
  load('yaml-duplicate-key', 'A mapping has the same key twice.', 'remove or rename one of the keys'),
  load('yaml-complex-key', 'A mapping key is not a plain string.', 'use a string key'),
  load('forbidden-key', 'A key is `__proto__`, `constructor` or `prototype`.', 'rename the key'),
  load('yaml-too-deep', 'Nesting (aliases expanded) is deeper than the bound.', 'flatten the structure'),
  load(
    'yaml-alias-limit',
    'Aliases expand to more nodes than the bound (a "billion laughs" attack).',
    'write the content out instead of nesting aliases',
  ),
  load(
    'yaml-recursive-alias',
    'An alias refers to a node that contains it.',
    'write the content out instead',
  ),
  load(
    'duplicate-definition',
    'A name (inbox, label, knowledge base, tier) or a top-level setting is defined in two files.',
    'keep one definition; names are unique across all config files',
  ),
];

export const SCHEMA_RULES: readonly RuleInfo[] = [
  schema(
    'schema-unknown-property',
    'A property the schema does not define (often a typo).',
    'remove it or fix its spelling',
  ),
  schema(
    'schema-required',
    'A required property is missing (every contact needs source_id, name and inbox).',
    'add the property',
  ),
  schema('schema-type', 'A value has the wrong type.', 'write a value of the type the schema describes'),
  schema(
    'schema-enum',
    'A value is not one of the allowed values.',
    'use one of the values listed in the message',
  ),
  schema(
    'schema-const',
    'A value must be exactly the constant shown (e.g. version: 1).',
    'write the value shown',
  ),
  schema(
    'schema-format',
    'A value is not in the required format (e.g. avatar is not a URL).',
    'write a value in the format shown',
  ),
  schema(
    'schema-pattern',
    'A string does not match the required pattern (e.g. a test contact address).',
    'follow the pattern in the message',
  ),
  schema('schema-length', 'A string is empty or too long.', 'shorten or fill in the value'),
  schema(
    'schema-min-items',
    'A list is empty where at least one item is needed.',
    'add an item or remove the list',
  ),
  schema(
    'schema-conflicting-properties',
    'Two properties that exclude each other are both set (e.g. query_metadata with tier).',
    'keep one of them',
  ),
  schema(
    'schema-one-of',
    'A value matches none or several of the alternatives (e.g. a test names both contact and tier).',
    'keep exactly one of the alternatives',
  ),
  schema(
    'schema-any-of',
    'A value matches none of the alternatives (e.g. a malformed label expression).',
    'write one of the shapes in the message',
  ),
  schema(
    'invalid-alias-name',
    'An alias or tier name has characters other than letters, digits, `_`, `-` and `.`.',
    'rename it',
  ),
  schema('schema-invalid', 'Any other schema violation.', 'see the schema description of the field'),
];

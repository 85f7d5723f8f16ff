/**
 * The fast parse path (js-yaml, core schema) against the exact one (`yaml`'s Document API): the same
 * values for every example and fixture, the same diagnostics for every bad config, and a fallback to
 * the exact path on anything unusual.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { checkConfig } from '../../src/validate/check-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { DEFAULT_LIMITS, parseYamlFile } from '../../src/config/parse-yaml.js';
import { parseYamlFast } from '../../src/config/parse-yaml-fast.js';
import { parseYamlSimple } from '../../src/config/parse-yaml-simple.js';
import { generateConfig } from '../../bench/generate-config.js';
import { BAD_CASES } from './bad-cases.js';

const ROOT = join(import.meta.dirname, '../..');
const BAD = join(ROOT, 'test/fixtures/bad');
const FAST = { fastParseMinBytes: 0 };
const EXACT = { fastParseMinBytes: Infinity };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const CORPUS = [
  join(ROOT, 'contacts.yaml'),
  ...yamlFiles(join(ROOT, 'examples')),
  ...yamlFiles(join(ROOT, 'test/fixtures')),
];

describe('fast parse path', () => {
  it.each(CORPUS.map((p) => relative(ROOT, p)))('%s: same value and diagnostics on both paths', (rel) => {
    const bytes = readFileSync(join(ROOT, rel));
    const fast = parseYamlFile(rel, bytes, DEFAULT_LIMITS, FAST);
    const exact = parseYamlFile(rel, bytes, DEFAULT_LIMITS, EXACT);
    expect(fast.diagnostics).toEqual(exact.diagnostics);
    expect(fast.file?.value).toEqual(exact.file?.value);
    if (exact.file) {
      // Positions come from the exact parse, made lazily.
      expect(fast.file?.locate(['contacts', 0], 'key')).toEqual(exact.file.locate(['contacts', 0], 'key'));
    }
  });

  it('covers the examples and the bad fixtures', () => {
    expect(CORPUS.length).toBeGreaterThan(40);
    const accepted = CORPUS.filter((p) => parseYamlFast(readFileSync(p, 'utf8'), 64));
    expect(accepted.length).toBeGreaterThan(30);
  });

  it.each(BAD_CASES)('exact path only: $fixture still trips $rule at line $line', async (c) => {
    const loaded = await loadConfig([join(BAD, c.fixture)], {
      ...EXACT,
      ...(c.maxFileSize ? { limits: { maxFileSize: c.maxFileSize } } : {}),
    });
    const viaFast = await loadConfig([join(BAD, c.fixture)], {
      ...FAST,
      ...(c.maxFileSize ? { limits: { maxFileSize: c.maxFileSize } } : {}),
    });
    const exact = checkConfig(loaded);
    expect(exact).toContainEqual(
      expect.objectContaining({
        rule: c.rule,
        location: expect.objectContaining({ file: join(BAD, c.file ?? c.fixture), line: c.line }) as unknown,
      }),
    );
    expect(checkConfig(viaFast)).toEqual(exact);
  });

  it.each([
    ['an alias', 'a: &x [1]\nb: *x\n'],
    ['a scalar alias', 'a: &x 1\nb: *x\n'],
    ['a complex key', '? [a, b]\n: 1\n'],
    ['a flow key', '[a]: 1\n'],
    ['a numeric key', '1: a\n'],
    ['a null key', '~: a\n'],
    ['a boolean key', 'true: a\n'],
    ['__proto__', '__proto__: { polluted: true }\n'],
    ['constructor', 'x:\n  constructor: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['an unknown tag', 'a: !secret x\n'],
    ['a timestamp tag', 'a: !!timestamp 2024-01-01\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['deep nesting', `${'['.repeat(64)}${']'.repeat(64)}\n`],
  ])('falls back to the exact path on %s', (_name, text) => {
    expect(parseYamlFast(text, 64)).toBeUndefined();
  });

  it('reads core-schema scalars exactly as the yaml package does', () => {
    const scalars = [
      '0o17',
      '0x1F',
      '017',
      '1_000',
      '+12',
      '-0',
      '1.',
      '.5',
      '1e3',
      '1.5E-2',
      '.inf',
      '-.Inf',
      '.NaN',
      'true',
      'True',
      'TRUE',
      'yes',
      'no',
      'on',
      'off',
      'y',
      '~',
      'null',
      'Null',
      'NULL',
      '',
      '2024-01-01',
      '12:30:00',
      '0b101',
      "'quoted'",
      '"esc\\tape"',
      'a # comment',
      '|\n  block\n',
    ];
    for (const s of scalars) {
      const text = `v: ${s}\n`;
      expect(parseYamlFast(text, 64)?.value, s).toEqual(parse(text));
    }
  });

  it('keeps a prototype key from reaching the object prototype on either path', async () => {
    const loaded = await loadConfig([join(BAD, 'proto-key.yaml')], FAST);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.rule)).toContain('forbidden-key');
  });
});

/** What the exact path reads: the value, or undefined when `yaml` reports any error or warning. */
function exactValue(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return { value: doc.toJS({ maxAliasCount: -1 }) as unknown };
}

/** The simple reader either declines or reads exactly what `yaml` reads. */
function expectSimpleAgrees(text: string, label: string): boolean {
  const simple = parseYamlSimple(text, 64);
  if (!simple) return false;
  expect(exactValue(text), `${label}: yaml accepts what the simple reader accepted`).toBeDefined();
  expect(simple.value, label).toEqual(exactValue(text)?.value);
  return true;
}

describe('simple line reader', () => {
  it('reads the generated benchmark config and most examples exactly as yaml does', () => {
    expect(expectSimpleAgrees(generateConfig(500), 'generated')).toBe(true);
    const read = CORPUS.filter((p) => expectSimpleAgrees(readFileSync(p, 'utf8'), relative(ROOT, p)));
    expect(read.length).toBeGreaterThan(10);
  });

  it.each([
    ['plain block mapping and sequence', 'a: 1\nb:\n  - x\n  - y\nc: z\n', true],
    ['a sequence at the indent of its key', 'a:\n- x\n- y\nb: 2\n', true],
    ['compact mappings in a sequence', 'l:\n  - k: 1\n    m: [a, b]\n  - k: 2\n', true],
    ['comments and blank lines', '# c\na: 1 # one\n\nb: # none\nc: x#y\n', true],
    ['empty values', 'a:\nb: ~\nc: null\nd:\n  -\n  - e\n', true],
    ['flow collections', 'a: { k: [x, y], l: { m: n } }\nb: [ ]\nc: {}\n', true],
    ['booleans, integers and strings', 'a: true\nb: False\nc: 42\nd: 0\ne: 2024-01-01\nf: 1.2.3\n', true],
    ['URLs and colons inside scalars', 'a: https://x.example/a?b=1&c=2\nb: 12:30\n', true],
    [
      'UUIDs as keys and values',
      '00000001-0000-4000-8000-000000000001: 00000002-0000-4000-8000-000000000002\n',
      true,
    ],
    ['one-line quoted strings', "a: \"x: y\"\nb: 'it''s' # c\nc: \"1\"\nd: ''\n", true],
    ['a comment sign inside quotes', 'a: "x #1"\n', false],
    ['a double-quoted escape', 'a: "x\\ty"\n', false],
    ['a quote inside quotes', 'a: "x"y"\n', false],
    ['a multi-line quoted string', 'a: "x\n  y"\n', false],
    ['a quoted key', '"a": 1\n', false],
    ['a float', 'a: 1.5\n', false],
    ['an octal', 'a: 0o17\n', false],
    ['a negative number', 'a: -3\n', false],
    ['a numeric key', '1: a\n', false],
    ['a null key', 'null: a\n', false],
    ['a multi-line scalar', 'a: x\n  y\n', false],
    ['a block scalar', 'a: |\n  x\n', false],
    ['an anchor', 'a: &x 1\nb: *x\n', false],
    ['a tag', 'a: !!str 1\n', false],
    ['a duplicate key', 'a: 1\na: 2\n', false],
    ['a prototype key', '__proto__: 1\n', false],
    ['a tab', 'a:\t1\n', false],
    ['CRLF', 'a: 1\r\n', false],
    ['a leading document start', '# c\n---\na: 1\n', true],
    ['a second document', '---\na: 1\n---\nb: 2\n', false],
    ['a document end', 'a: 1\n...\n', false],
    ['a document start with content', '--- a: 1\n', false],
    ['a key with a value and children', 'a: 1\n  b: 2\n', false],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n', false],
    ['a trailing comma', 'a: [x, ]\n', false],
    ['a flow pair in a sequence', 'a: [x: y]\n', false],
    ['a mapping value on a mapping line', 'a: b: c\n', false],
    ['deep flow nesting', `a: ${'['.repeat(70)}${']'.repeat(70)}\n`, false],
  ])('%s: read=%s, and when read, as yaml reads it', (_name, text, read) => {
    expect(expectSimpleAgrees(text, text)).toBe(read);
  });

  it('never disagrees with yaml on thousands of mutated lines', () => {
    // Deterministic mutations of real configs: insert, delete or replace one character of one line.
    const sources = [generateConfig(30), readFileSync(join(ROOT, 'contacts.yaml'), 'utf8')];
    const alphabet = [
      ' ',
      ':',
      '-',
      '#',
      '[',
      ']',
      '{',
      '}',
      ',',
      '"',
      "'",
      '&',
      '*',
      '!',
      '|',
      '>',
      '?',
      'a',
      '1',
      '.',
      '\n',
    ];
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let agreed = 0;
    for (let round = 0; round < 3000; round++) {
      const source = sources[round % sources.length] as string;
      const at = random(source.length);
      const ch = alphabet[random(alphabet.length)] as string;
      const kind = random(3);
      const text =
        kind === 0
          ? source.slice(0, at) + ch + source.slice(at)
          : kind === 1
            ? source.slice(0, at) + source.slice(at + 1)
            : source.slice(0, at) + ch + source.slice(at + 1);
      if (expectSimpleAgrees(text, `round ${round}`)) agreed++;
    }
    expect(agreed).toBeGreaterThan(1000);
  });
});

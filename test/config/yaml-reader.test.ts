/**
 * The one YAML reader (js-yaml events, parse-yaml.ts) against the `yaml` package, which `fmt` and
 * editors use: on every input it either reads exactly the value `yaml` reads, or refuses the input with
 * a rule id of the catalogue. Deterministic (fixed inputs, fixed fast-check seed) and in-process.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { generateConfig } from '../../bench/generate-config.js';
import { checkConfig } from '../../src/validate/check-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import {
  DEFAULT_LIMITS,
  parseYamlFile,
  parseYamlText,
  type PathSegment,
} from '../../src/config/parse-yaml.js';
import { RULE_CATALOG } from '../../src/validate/rule-catalog.js';
import { YAML_CORPUS, yamlValue } from '../helpers/config.js';

const ROOT = join(import.meta.dirname, '../..');
const BAD = join(ROOT, 'test/fixtures/bad');
const KNOWN_RULES = new Set(RULE_CATALOG.map((r) => r.id));

const CORPUS = YAML_CORPUS;

type Outcome = { value: unknown } | { rule: string };

function ours(text: string): Outcome {
  const result = parseYamlText('t.yaml', text);
  if (result.file) return { value: result.file.value };
  expect(result.diagnostics).toHaveLength(1);
  return { rule: result.diagnostics[0]!.rule };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The contract: the same value as `yaml`, or a refusal with a known rule id. Answers what was done, or
 * a description of the disagreement (cheap enough for tens of thousands of inputs).
 */
function compare(text: string): string {
  const result = parseYamlText('t.yaml', text);
  if (!result.file) {
    const rule = result.diagnostics[0]?.rule ?? '(none)';
    return result.diagnostics.length === 1 && KNOWN_RULES.has(rule)
      ? 'refused'
      : `refused without a rule: ${rule}`;
  }
  const theirs = yamlValue(text);
  if (!theirs) return `yaml refuses what we read: ${JSON.stringify(text)}`;
  // An empty document is `{}` for us (a config with nothing in it) and null for yaml.
  if (!same(result.file.value, theirs.value ?? {}))
    return `${JSON.stringify(text)}: we read ${JSON.stringify(result.file.value)}, yaml ${JSON.stringify(theirs.value)}`;
  return 'read';
}

function expectAgrees(text: string, label: string): 'read' | 'refused' {
  const outcome = compare(text);
  if (outcome === 'read' || outcome === 'refused') return outcome;
  return expect.fail(`${label}: ${outcome}`);
}

/** Every line-break and whitespace character YAML or Unicode knows, and a few that merely look blank. */
const BLANKS = [
  '\r',
  '\n',
  '\r\n',
  '\u0085', // NEL
  '\u2028', // LS
  '\u2029', // PS
  '\u000b', // VT
  '\u000c', // FF
  '\t',
  ' ',
  '\u00a0', // NBSP
  '\ufeff', // BOM / ZWNBSP
  '\u1680',
  '\u180e',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)), // U+2000..U+200A
  '\u200b', // ZWSP
  '\u200c',
  '\u200d',
  '\u2060',
  '\u202f',
  '\u205f',
  '\u3000',
];
const SYNTAX = [
  '#',
  ':',
  '-',
  ' ',
  '"',
  "'",
  ',',
  '[',
  ']',
  '{',
  '}',
  '|',
  '>',
  '&',
  '*',
  '!',
  '?',
  '%',
  '\\',
];

/**
 * Short enough to try every blank at every offset: a comment, quotes, flow, a block scalar, an escape;
 * and a `contacts:` list, which contacts-fast-path.ts reads.
 */
const SHORT_TEMPLATES = [
  'name: Guest # note\n    tier: vip\n',
  'a: "x y\\\n  z"\nb: [c, \'d\']\ne: |\n  f\n',
  "contacts:\n- n: \"A\\u00e9\" # c\n  t: [a, 'b''']\n- { x: 1 }\n",
];

const TEMPLATES = [
  'name: Guest # note\n    tier: vip\n',
  'contacts:\n  - source_id: a1\n    name: "Ann Lee"\n    inbox: web\n    tier: vip # gold?\n',
  'contacts:\n  - { source_id: a1, name: Ann, inbox: web, tier: vip }\n  - [x, "y z", \'w\']\n',
  'a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: plain\n  continued\n',
  "k: 'single ''quoted''\n  text'\nl: \"dq \\t esc\\\n  ape\"\n",
  'a: &x [1, 2]\nb: *x\nc: ~\nd: 0x1F\ne: .5\nf: -.inf\n',
];

describe('the YAML reader agrees with the yaml package', () => {
  it.each(CORPUS.map((p) => relative(ROOT, p)))('%s', (rel) => {
    const text = readFileSync(join(ROOT, rel), 'utf8').replace(/^\ufeff/, '');
    expectAgrees(text, rel);
  });

  it.each([
    ['block', { style: 'block' }],
    ['flow', { style: 'flow' }],
    ['flow, CRLF, with findings', { style: 'flow', eol: 'crlf', findings: 'many' }],
    ['block, CRLF, one finding', { style: 'block', eol: 'crlf', findings: 'one' }],
    ['block, varied names', { style: 'block', names: 'varied' }],
    ['flow, varied names', { style: 'flow', names: 'varied' }],
  ] as const)('reads generated %s configs as yaml does', (_name, options) => {
    expect(expectAgrees(generateConfig(300, options), JSON.stringify(options))).toBe('read');
  });

  it('refuses a lone CR, which yaml reads as part of a comment, instead of granting what it hides', () => {
    const text = 'name: Guest # note\r    tier: vip\n';
    expect(yamlValue(text)?.value).toEqual({ name: 'Guest' });
    expect(ours(text)).toEqual({ rule: 'yaml-line-break' });
    // Before a line feed a CR is an ordinary line ending.
    expect(ours('name: Guest # note\r\ntier: vip\r\n')).toEqual({ value: { name: 'Guest', tier: 'vip' } });
  });

  it('names the line and column of a lone CR', () => {
    const result = parseYamlFile('c.yaml', Buffer.from('a: 1\nname: Guest # note\r    tier: vip\n'));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ rule: 'yaml-line-break', location: { file: 'c.yaml', line: 2, column: 19 } }),
    ]);
  });

  it('every blank character, inserted or substituted at every offset of short templates', () => {
    let read = 0;
    const disagreements: string[] = [];
    for (const template of SHORT_TEMPLATES) {
      for (let at = 0; at <= template.length; at++) {
        for (const ch of BLANKS) {
          const before = template.slice(0, at);
          for (const text of [before + ch + template.slice(at), before + ch + template.slice(at + 1)]) {
            const outcome = compare(text);
            if (outcome === 'read') read++;
            else if (outcome !== 'refused') disagreements.push(outcome);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    // The refusals are the exception, not the way agreement is reached.
    expect(read).toBeGreaterThan(1000);
  });

  it('random edits of several characters (fast-check, fixed seed)', () => {
    const alphabet = [...BLANKS, ...SYNTAX, 'a', '1', '.', '\u00e9', '\u{1f600}'];
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom(...alphabet),
      fc.constantFrom('insert', 'replace', 'delete'),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...TEMPLATES),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (template, edits) => {
          let text = template;
          for (const [pos, ch, kind] of edits) {
            const at = pos % (text.length + 1);
            const rest = kind === 'insert' ? text.slice(at) : text.slice(at + 1);
            text = text.slice(0, at) + (kind === 'delete' ? '' : ch) + rest;
          }
          expectAgrees(text, 'edited');
        },
      ),
      { seed: 20261201, numRuns: 1500 },
    );
  });
});

describe('the YAML reader keeps every hostile-input guarantee', () => {
  it.each([
    ['5,000 nested flow sequences', `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['5,000 nested flow mappings', `x: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`],
    [
      '5,000 nested block mappings',
      Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n',
    ],
    ['65 nested levels', `${'['.repeat(65)}${']'.repeat(65)}\n`],
  ])('%s: yaml-too-deep, not a stack overflow', (_name, text) => {
    expect(ours(text)).toEqual({ rule: 'yaml-too-deep' });
  });

  it('reads 64 nested levels, the bound', () => {
    expect(ours(`${'['.repeat(64)}${']'.repeat(64)}\n`)).toHaveProperty('value');
  });

  it('counts nesting through aliases', () => {
    const a = `${'['.repeat(40)}1${']'.repeat(40)}`;
    expect(ours(`a: &a ${a}\nb: ${'['.repeat(30)}*a${']'.repeat(30)}\n`)).toEqual({ rule: 'yaml-too-deep' });
    expect(ours(`a: &a ${a}\nb: ${'['.repeat(20)}*a${']'.repeat(20)}\n`)).toHaveProperty('value');
  });

  it.each([
    ['a recursive alias', 'a: &a [*a]\n', 'yaml-recursive-alias'],
    ['a recursive mapping alias', 'a: &a { b: *a }\n', 'yaml-recursive-alias'],
    ['an undefined alias', 'a: *nowhere\n', 'yaml-syntax'],
    ['a duplicate key', 'a: 1\nb: 2\na: 3\n', 'yaml-duplicate-key'],
    ['a duplicate key, quoted and plain', 'a: 1\n"a": 2\n', 'yaml-duplicate-key'],
    ['a __proto__ key', '__proto__: { polluted: true }\n', 'forbidden-key'],
    ['an escaped __proto__ key', '"\\x5f_proto__": { polluted: true }\n', 'forbidden-key'],
    ['a constructor key in a flow mapping', 'x: { constructor: 1 }\n', 'forbidden-key'],
    ['a collection key', '? [a, b]\n: 1\n', 'yaml-complex-key'],
    ['a flow key', '{ [a]: 1 }\n', 'yaml-complex-key'],
    ['an alias key', 'a: &k [1]\n*k : 2\n', 'yaml-complex-key'],
    ['a null key', '~: a\n', 'yaml-complex-key'],
    ['two documents', 'a: 1\n---\nb: 2\n', 'yaml-syntax'],
    ['an empty second document', 'a: 1\n---\n', 'yaml-syntax'],
    ['a YAML 1.1 directive', '%YAML 1.1\n---\na: yes\n', 'yaml-syntax'],
    ['a tag directive', '%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n', 'yaml-syntax'],
    ['an unknown tag', 'a: !secret x\n', 'yaml-syntax'],
    ['a YAML 1.1 tag', 'a: !!timestamp 2024-01-01\n', 'yaml-syntax'],
    ['a binary tag', 'a: !!binary aGVsbG8=\n', 'yaml-syntax'],
    ['a NUL byte', 'a: "x\u0000"\n', 'yaml-syntax'],
    ['an escape past U+10FFFF', 'a: "x\\U00110000"\n', 'yaml-syntax'],
  ])('%s: %s', (_name, text, rule) => {
    expect(ours(text)).toEqual({ rule });
  });

  it('keeps a prototype key from reaching the object prototype', () => {
    parseYamlText('p.yaml', '__proto__: { polluted: true }\n');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses an alias bomb in milliseconds without expanding it', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let c = 1; c < 12; c++) {
      const [name, prev] = [String.fromCharCode(97 + c), String.fromCharCode(96 + c)];
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    expect(ours(`${lines.join('\n')}\n`)).toEqual({ rule: 'yaml-alias-limit' });
  });

  it('refuses a file over the size bound before reading it, and non-UTF-8 bytes', () => {
    expect(
      parseYamlFile('big.yaml', Buffer.alloc(100, 0x61), { ...DEFAULT_LIMITS, maxFileSize: 99 })
        .diagnostics[0],
    ).toMatchObject({ rule: 'file-too-large' });
    expect(
      parseYamlFile('bin.yaml', Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a])).diagnostics[0],
    ).toMatchObject({
      rule: 'file-not-utf8',
      location: { line: 1, column: 4 },
    });
  });

  it('the bad fixtures trip their rules (also through loadConfig)', async () => {
    const loaded = await loadConfig([join(BAD, 'recursive-alias.yaml')]);
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ rule: 'yaml-recursive-alias' })]);
  });
});

describe('positions, found on demand', () => {
  /** Every node of `yaml`'s Document with its path, to compare our positions against its ranges. */
  function* nodes(
    node: unknown,
    path: PathSegment[],
  ): Generator<{ path: PathSegment[]; value: YamlNode; key?: YamlNode }> {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const child = [...path, String(pair.key.value)];
        if (pair.value) yield { path: child, value: pair.value as YamlNode, key: pair.key };
        yield* nodes(pair.value, child);
      }
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) {
        yield { path: [...path, i], value: item as YamlNode };
        yield* nodes(item, [...path, i]);
      }
    }
  }

  it.each([...CORPUS.map((p) => relative(ROOT, p)), 'generated:block', 'generated:flow', 'generated:crlf'])(
    '%s: every key and value where yaml places it',
    (name) => {
      const text = name.startsWith('generated:')
        ? generateConfig(40, {
            style: name.endsWith('flow') ? 'flow' : 'block',
            eol: name.endsWith('crlf') ? 'crlf' : 'lf',
          })
        : readFileSync(join(ROOT, name), 'utf8').replace(/^\ufeff/, '');
      const result = parseYamlText(name, text);
      if (!result.file) return; // refused files have no positions to compare
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter });
      const at = (offset: number): { line: number; column: number } => {
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
      };
      let compared = 0;
      for (const { path, value, key } of nodes(doc.contents, [])) {
        if (!value.range) continue;
        expect(result.file.locate(path), `${name} ${path.join('.')}`).toMatchObject(at(value.range[0]));
        if (key?.range)
          expect(result.file.locate(path, 'key'), `${name} ${path.join('.')} key`).toMatchObject(
            at(key.range[0]),
          );
        compared++;
      }
      if (Object.keys(result.file.value as object).length > 0) expect(compared).toBeGreaterThan(0);
    },
  );

  it('a scalar has its end; a missing path falls back to the nearest ancestor', () => {
    const file = parseYamlText('c.yaml', 'a:\n  b: "quoted"\n  c: [x, y]\n').file!;
    expect(file.locate(['a', 'b'])).toEqual({
      file: 'c.yaml',
      line: 2,
      column: 6,
      endLine: 2,
      endColumn: 14,
    });
    expect(file.locate(['a', 'c'])).toEqual({
      file: 'c.yaml',
      line: 3,
      column: 6,
      endLine: 3,
      endColumn: 12,
    });
    expect(file.locate(['a', 'c', 1])).toMatchObject({ line: 3, column: 10 });
    expect(file.locate(['a', 'missing', 3])).toMatchObject({ line: 2, column: 3 });
    expect(file.locate(['a', 'b'], 'key')).toMatchObject({ line: 2, column: 3 });
  });
});

describe('findings cost no position until one is read', () => {
  it('an unsorted check computes no position; reading a location computes it then', async () => {
    const loaded = await loadConfig([join(BAD, 'unused-alias.yaml')]);
    const [file] = loaded.config!.files;
    let lookups = 0;
    const locate = file!.locate;
    (file as { locate: typeof locate }).locate = (path, part) => {
      lookups++;
      return locate(path, part);
    };
    const findings = checkConfig(loaded, undefined, { sorted: false });
    expect(findings.map((d) => d.rule)).toEqual(['unused-alias']);
    expect(lookups).toBe(0);
    expect(findings[0]!.location).toMatchObject({ file: join(BAD, 'unused-alias.yaml'), line: 5 });
    expect(lookups).toBe(1);
    void findings[0]!.location;
    expect(lookups).toBe(1);
  });
});

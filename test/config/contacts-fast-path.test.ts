/**
 * The `contacts:` list reader (contacts-fast-path.ts) against js-yaml reading the whole file and against
 * the `yaml` package. On generated files, inside the reader's shapes and just outside them, a file reads
 * to the same value, or is refused with the same finding at the same place, with and without the reader;
 * where it reads, `yaml` reads the same value. Deterministic (fixed fast-check seed) and in-process.
 * (contacts-fast-path-used.test.ts checks that `contactsList: false` really reads without the reader.)
 */
import fc from 'fast-check';
import { CORE_SCHEMA } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateConfig } from '../../bench/generate-config.js';
import { MAX_LIST_DEPTH, readContactsList } from '../../src/config/contacts-fast-path.js';
import { DEFAULT_LIMITS, FORBIDDEN_KEYS, parseYamlText } from '../../src/config/parse-yaml.js';
import { yamlValue } from '../helpers/config.js';

/** js-yaml's core-schema scalar resolution, as parse-yaml.ts hands it to the reader. */
const resolvePlain = (source: string): unknown => CORE_SCHEMA.resolveImplicitScalarTag(source).value;
const list = (text: string) => readContactsList(text, resolvePlain, FORBIDDEN_KEYS);

type Outcome = { value: unknown; at: unknown } | { diagnostics: unknown };

/** A parse's outcome: the value and the position of the first contact, or the findings. */
function outcome(text: string, contactsList: boolean, limits = DEFAULT_LIMITS): Outcome {
  const result = parseYamlText('c.yaml', text, limits, { contactsList });
  if (!result.file) return { diagnostics: result.diagnostics };
  return { value: result.file.value, at: result.file.locate(['contacts', 0, 'name']) };
}

/**
 * Compares with and without the reader (and with `yaml`); answers whether the reader took the list
 * (`'mixed'`: with entries it left to js-yaml), or `false`.
 */
function agrees(text: string): 'plain' | 'mixed' | false {
  const fast = outcome(text, true);
  const whole = outcome(text, false);
  expect(fast, JSON.stringify(text)).toStrictEqual(whole);
  const read = list(text);
  if (!read || !('value' in fast)) return false;
  expect(JSON.stringify(fast.value), JSON.stringify(text)).toBe(JSON.stringify(yamlValue(text)?.value));
  return read.others.length > 0 ? 'mixed' : 'plain';
}

// ---------------------------------------------------------------------------------------------------
// Generated files. Every piece has variants inside the reader's shapes (`IN`) and just outside them
// (`OUT`); a file's `level` sets how often the outside ones are drawn (never, now and then, often; 3:
// now and then in entries, never in the file around the list).

/** A piece: one of `inside`, or (with a weight set by the level) one of `outside`. */
function piece(level: number, inside: readonly string[], outside: readonly string[]): fc.Arbitrary<string> {
  const out = [0, 1, 8, 2][level]!;
  if (out === 0 || outside.length === 0) return fc.constantFrom(...inside);
  return fc.oneof(
    { weight: 40, arbitrary: fc.constantFrom(...inside) },
    { weight: out, arbitrary: fc.constantFrom(...outside) },
  );
}

const SCALARS_IN = [
  'Ann',
  'Ann Lee',
  'a:b',
  'http://example.com/x?y=1#z',
  'a#b',
  '-5',
  '-x',
  '1',
  '0x1F',
  '0o17',
  '1e3',
  '+12.5',
  '.inf',
  '-.Inf',
  '.NaN',
  'null',
  'Null',
  '~',
  'true',
  'False',
  'yes',
  'on',
  '2024-01-01',
  '1_000',
  'a b  c',
  '\u00e9t\u00e9',
  '\u4e2d\u6587',
  '\u{1f600} smile',
  '\u00a0nbsp',
  'e\u0301',
  '"Ann Lee"',
  "'Ann Lee'",
  '"a: b # c"',
  '""',
  "''",
  '"\u{1f600}"',
  "'\u4e2d'",
  "'it''s'",
  "''''",
  "'a'''",
  '"tab\\tescape"',
  '"\\u00e9 \\u00E9"',
  '"\\x41\\U0001F600\\U0010FFFF"',
  '"a\\"b\\\\c \\/"',
  '"\\N\\_\\L\\P\\0\\a\\b\\e\\v\\f\\r\\n\\ "',
  '"\\\\"',
  '"\\"\\""',
];

/** Read by the reader in block context only (in a flow collection they end it, or hold a comment). */
const BLOCK_SCALARS_IN = ['x ]', 'x }', '"x" # c', 'Smith, John'];

const SCALARS_OUT = [
  'a: b',
  'a #b',
  '-',
  '- x',
  '-}',
  '?x',
  ':x',
  '&a x',
  '*a',
  '!!str 1',
  '!x y',
  '|',
  '>-',
  '%x',
  '@x',
  '`x',
  '[x',
  '{x',
  'a\tb',
  'a\u0085b',
  'a\u2028b',
  'a\u2029b',
  'a\ufeffb',
  'a\u0007b',
  'a\u007fb',
  'a\u009fb',
  'a\ud800b',
  'a\udc00b',
  'a\ufffeb',
  'a\rb',
  '"a\\',
  '"\\q"',
  '"\\x4"',
  '"\\x4g"',
  '"\\ud800"',
  '"\\uDFFF"',
  '"\\U00110000"',
  '"\\\t"',
  '"unterminated',
  '"two\n  lines"',
  "'two\n  lines'",
  '"x"y',
  '"x"#c',
  '"a\tb"',
  '"a\u2028b"',
];

const KEYS_IN = ['source_id', 'name', 'inbox', 'tier', 'labels', 'metadata', '_x', 'a-b', 'A1'];
const KEYS_OUT = ['true', 'null', '1', '__proto__', 'constructor', 'prototype', '"quoted"', '<<', '-x', 'é'];

/** The generators of one level. */
function pieces(level: number) {
  const scalar = piece(level, SCALARS_IN, [...SCALARS_OUT, ...BLOCK_SCALARS_IN]);
  const blockScalar = piece(level, [...SCALARS_IN, ...BLOCK_SCALARS_IN], SCALARS_OUT);
  const key = piece(level, KEYS_IN, KEYS_OUT);
  const flowEnd = piece(level, [''], [',', ' #c']);
  /** Flow collections of scalars, now and then a nested one. */
  const flows = fc.letrec((tie) => ({
    value: fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: tie('collection') }),
    collection: fc.oneof(tie('sequence'), tie('mapping')),
    sequence: fc
      .tuple(fc.array(tie('value'), { maxLength: 3 }), flowEnd, fc.constantFrom('', ' '))
      .map(([items, end, space]) => `[${space}${(items as string[]).join(', ')}${end}${space}]`),
    mapping: fc
      .tuple(
        fc.array(fc.tuple(key, tie('value'), piece(level, [': ', ':  '], [':', ' : '])), { maxLength: 3 }),
        flowEnd,
        fc.constantFrom('', ' '),
      )
      .map(([pairs, end, space]) => {
        const seen = new Set<string>();
        const kept = (pairs as [string, string, string][]).filter(
          ([k]) => level > 0 || (!seen.has(k) && seen.add(k)),
        );
        return `{${space}${kept.map(([k, v, c]) => `${k}${c}${v}`).join(', ')}${end}${space}}`;
      }),
  }));
  const flow = flows.collection as fc.Arbitrary<string>;
  // An entry in flow style is a mapping; a sequence there is one more way out.
  const flowEntry = level === 0 ? flows.mapping : flow;
  const deep = fc
    .integer({ min: 12, max: level === 0 ? 14 : 18 })
    .map((n) => `${'['.repeat(n)}1${']'.repeat(n)}`);
  const comment = piece(
    level,
    ['', '', ' # note', ' #', ' # \u00e9\u{1f600}'],
    ['# glued', ' # a\u2028b', ' # \t'],
  );

  /** A value after `key:` in block context, maybe over several lines (`indent`: the key's column). */
  const blockValue = (indent: number): fc.Arbitrary<string> => {
    const pad = ' '.repeat(indent);
    const multiLine = [
      ` |\n${pad}  literal\n${pad}  text`,
      ` >-\n${pad}  folded`,
      ` plain\n${pad}  continued`,
      ` [a,\n${pad}  b]`,
      ` {a: 1,\n${pad}  b: 2}`,
      ` &anchor x`,
      ` *anchor`,
      ` !!str x`,
      `\n${pad}  nested: map`,
    ];
    return fc.oneof(
      { weight: 12, arbitrary: blockScalar.map((v) => ` ${v}`) },
      { weight: 4, arbitrary: flow.map((v) => ` ${v}`) },
      { weight: 1, arbitrary: deep.map((v) => ` ${v}`) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ') },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            piece(level, [String(indent + 2), String(indent), String(indent + 4)], [String(indent + 1)]),
            fc.array(fc.oneof(blockScalar, flow), { minLength: 1, maxLength: 3 }),
            fc.constantFrom('', '\n'),
          )
          .map(([column, items, gap]) =>
            items.map((item) => `\n${gap}${' '.repeat(Number(column))}- ${item}`).join(''),
          ),
      },
      { weight: level, arbitrary: fc.constantFrom(...multiLine) },
    );
  };

  /** One entry of the list, after its `- ` at column `column`. */
  const entry = (column: number): fc.Arbitrary<string> => {
    const keyColumn = column + 2;
    const pad = ' '.repeat(keyColumn);
    const pair = fc
      .tuple(key, blockValue(keyColumn), comment, piece(level, [': '], [':', ' :']))
      .map(([k, value, note, colon]): [string, string] => [
        k,
        colon === ': ' ? `${k}:${value}${value.includes('\n') ? '' : note}` : `${k}${colon}${value}`,
      ]);
    const block = fc
      .tuple(
        pair,
        fc.array(
          fc.tuple(
            pair,
            piece(level, [pad], [pad + ' ', pad.slice(1)]),
            fc.constantFrom('', `\n${pad}# c`, '\n'),
          ),
          { maxLength: 4 },
        ),
      )
      .map(([[firstKey, first], rest]) => {
        const seen = new Set([firstKey]);
        // Inside the shapes, a key appears once; outside, a repeated key is one more way out.
        const lines = rest.filter(([[k]]) => level > 0 || (!seen.has(k) && seen.add(k)));
        return first + lines.map(([[, p], lead, gap]) => `${gap}\n${lead}${p}`).join('');
      });
    return fc.oneof({ weight: 3, arbitrary: block }, { weight: 2, arbitrary: flowEntry });
  };

  const around = level === 3 ? 0 : level;
  return fc
    .tuple(
      piece(
        around,
        [
          '',
          'version: 1\n',
          '# header\nversion: 1\ninboxes:\n  web: w1\n',
          'anchors: &a [1]\n',
          '? k\n: v\n',
        ],
        ['{a: 1,\n', '[a,\n', '"a\n', 'x: |\n  block\n', 'contacts: []\n', '- a\n'],
      ),
      piece(
        around,
        ['contacts:', 'contacts:  '],
        ['contacts: # c', 'contacts: &l', 'contacts: !!seq', 'contacts: '],
      ),
      fc.constantFrom(0, 0, 2, 4).chain((column) =>
        fc.tuple(
          fc.constant(column),
          fc.array(fc.tuple(entry(column), fc.constantFrom('', '', '\n', '\n# between\n')), {
            minLength: around === 0 ? 1 : 0,
            maxLength: 5,
          }),
        ),
      ),
      piece(
        around,
        ['', 'tiers:\n  vip: {}\n', '# trailing\n', 'y: *a\n', '...\n'],
        [
          '}\n',
          ']\n',
          'y"\n',
          'y: *nowhere\n',
          'contacts:\n- again\n',
          '  indented: x\n',
          '---\nb: 1\n',
          'z',
        ],
      ),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
    )
    .map(([before, contactsKey, [column, entries], after, eol, finalBreak]) => {
      const pad = ' '.repeat(column);
      const body = entries.map(([e, gap]) => `${gap}${pad}- ${e}\n`).join('');
      let text = `${before}${contactsKey}\n${body}${after}`;
      if (!finalBreak) text = text.replace(/\n$/, '');
      return eol === '\n' ? text : text.replace(/\r?\n/g, '\r\n');
    });
}

const file = fc.constantFrom(0, 1, 2, 3).chain(pieces);

describe('the contacts list reader agrees with js-yaml and with yaml', () => {
  it('on generated files inside and outside its shapes (fast-check, fixed seed)', () => {
    const seen = { plain: 0, mixed: 0, false: 0 };
    fc.assert(
      fc.property(file, (text) => {
        seen[`${agrees(text)}`]++;
      }),
      { seed: 20261203, numRuns: 5000 },
    );
    // Every way is exercised: lists read by the reader alone, with entries left to js-yaml, and files
    // read by js-yaml alone.
    expect(seen.plain).toBeGreaterThan(400);
    expect(seen.mixed).toBeGreaterThan(300);
    expect(seen.false).toBeGreaterThan(400);
  });

  it.each([
    ['block', { style: 'block' }],
    ['flow', { style: 'flow' }],
    ['block, CRLF, one finding', { style: 'block', eol: 'crlf', findings: 'one' }],
    ['flow, CRLF, many findings', { style: 'flow', eol: 'crlf', findings: 'many' }],
  ] as const)('takes the list of generated %s configs', (_name, options) => {
    const text = generateConfig(500, options);
    const read = list(text);
    expect(read?.contacts).toHaveLength(500);
    expect(agrees(text)).toBe('plain');
  });

  it.each([
    ['block', 'block', 4],
    ['flow', 'flow', 2],
  ] as const)(
    'takes the list of generated %s configs with varied names, leaving tagged and folded ones',
    (_name, style, left) => {
      const text = generateConfig(2000, { style, names: 'varied' });
      const read = list(text);
      expect(read?.contacts).toHaveLength(2000);
      expect(read?.others.map((o) => o.count)).toEqual(Array(left).fill(1));
      expect(agrees(text)).toBe('mixed');
    },
  );

  it('reads the shapes it claims, to the values yaml reads', () => {
    const text = [
      'version: 1',
      'contacts:',
      '# a comment',
      '- source_id: a1 # trailing',
      '  name: "Ann: Lee # not a comment"',
      "  note: 'it''s'",
      '  escaped: "caf\\u00e9 \\"x\\" \\\\ \\U0001F600"',
      '  labels:',
      '  - one',
      '  -  [two, {three: 3}]',
      '  count: 0x1F',
      '  none:',
      '',
      '- { source_id: b2, name: Bo, tags: [x, y], nested: {a: [1, {b: ~}]} }',
      '  # an indented comment',
      'tiers: {}',
      '',
    ].join('\n');
    const read = list(text);
    expect(read?.contacts).toStrictEqual([
      {
        source_id: 'a1',
        name: 'Ann: Lee # not a comment',
        note: "it's",
        escaped: 'caf\u00e9 "x" \\ \u{1f600}',
        labels: ['one', ['two', { three: 3 }]],
        count: 31,
        none: null,
      },
      { source_id: 'b2', name: 'Bo', tags: ['x', 'y'], nested: { a: [1, { b: null }] } },
    ]);
    expect(text.slice(read!.end)).toBe('tiers: {}\n');
    expect(agrees(text)).toBe('plain');
  });

  it.each([
    ['a tab', '- name: a\tb\n'],
    ['a tab in a comment', '- name: a # \t\n'],
    ['an anchor', '- name: &n a\n'],
    ['an alias', '- name: *n\n'],
    ['a tag', '- name: !!str 1\n'],
    ['a block scalar', '- name: |\n    a\n'],
    ['a plain scalar over two lines', '- name: a\n    b\n'],
    ['a quoted string over two lines', '- name: "a\n    b"\n'],
    ['a flow collection over two lines', '- name: [a,\n    b]\n'],
    ['an unknown escape', '- name: "a\\qb"\n'],
    ['an escaped surrogate', '- name: "\\ud83d\\ude00"\n'],
    ['a trailing comma', '- { name: a, }\n'],
    ['a trailing comma in a sequence', '- name: [a, ]\n'],
    ['a duplicate key', '- name: a\n  name: b\n'],
    ['a duplicate key in a flow mapping', '- { name: a, name: b }\n'],
    ['a forbidden key', '- __proto__: a\n'],
    ['a key that reads as another type', '- true: a\n'],
    ['a quoted key', '- "name": a\n'],
    ['`: ` in a plain scalar', '- name: a: b\n'],
    ['` #` in a flow collection', '- name: [a #b]\n'],
    ['a C0 control', '- name: a\u0001b\n'],
    ['a C1 control', '- name: a\u0085b\n'],
    ['a line separator', '- name: a\u2028b\n'],
    ['a byte order mark', '- name: a\ufeffb\n'],
    ['a lone surrogate', '- name: a\ud800b\n'],
    ['a noncharacter', '- name: a\uffffb\n'],
    ['a lone CR', '- name: a\rb\n'],
    ['flow nesting over its bound', `- name: ${'['.repeat(17)}${']'.repeat(17)}\n`],
    ['an item in it', '- name: a\n  - name: b\n'],
    ['a key deeper than its siblings', '- name: a\n   tier: b\n'],
    ['a scalar for an entry', '- a\n'],
    ['a sequence for an entry', '- [a, b]\n'],
    ['a nested mapping', '- name:\n    first: a\n'],
  ])('leaves to js-yaml an entry with %s, and reads the others', (_name, entry) => {
    const text = `version: 1\ncontacts:\n- name: first\n${entry}# a comment\n- { name: last }\ntiers: {}\n`;
    const read = list(text);
    expect(read?.others).toEqual([{ index: 1, count: 1, start: 35, end: 35 + entry.length + 12 }]);
    expect(read?.contacts).toStrictEqual([{ name: 'first' }, undefined, { name: 'last' }]);
    agrees(text);
  });

  it('leaves consecutive entries to js-yaml as one document', () => {
    const text =
      'contacts:\n- name: !!str 1\n- name: |\n    x\n- name: plain\n- note: >-\n    folded\n  name: q\n';
    expect(list(text)?.others).toMatchObject([
      { index: 0, count: 2 },
      { index: 3, count: 1 },
    ]);
    expect(agrees(text)).toBe('mixed');
    expect(outcome(text, true)).toMatchObject({
      value: {
        contacts: [{ name: '1' }, { name: 'x\n' }, { name: 'plain' }, { note: 'folded', name: 'q' }],
      },
    });
  });

  it('reads the whole file when an entry it leaves has an alias (expansion is bounded per file)', () => {
    // Each entry alone expands within the bound; the file does not.
    const bomb = (n: number) =>
      `- a: &x${n} [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  b: [*x${n}, *x${n}, *x${n}, *x${n}]\n`;
    const text = `contacts:\n${bomb(1)}- name: plain\n${bomb(2)}- name: plain\n${bomb(3)}`;
    const limits = { ...DEFAULT_LIMITS, maxAliasExpansion: 100 };
    expect(list(text)?.others).toHaveLength(3);
    expect(outcome(text, false, limits)).toMatchObject({ diagnostics: [{ rule: 'yaml-alias-limit' }] });
    expect(outcome(text, true, limits)).toStrictEqual(outcome(text, false, limits));
  });

  it('reads the whole file when an entry it leaves has an anchor (which may redefine one in use)', () => {
    const text = 'anchors: &a [1]\ncontacts:\n- name: plain\n- source_id: &a x\ny: *a\n';
    expect(list(text)?.others).toHaveLength(1);
    expect(outcome(text, true)).toStrictEqual(outcome(text, false));
    expect(outcome(text, true)).toMatchObject({ value: { y: 'x' } });
  });

  it('bounds depth in an entry it leaves as in the whole file', () => {
    for (const levels of [DEFAULT_LIMITS.maxDepth - 3, DEFAULT_LIMITS.maxDepth - 2]) {
      // The document's mapping, the list, the entry, then `levels` flow levels.
      const text = `contacts:\n- name: plain\n- deep: ${'['.repeat(levels)}"\\t"${']'.repeat(levels)}\n`;
      expect(list(text)?.others).toHaveLength(1);
      const fast = outcome(text, true);
      expect(fast).toStrictEqual(outcome(text, false));
      expect('value' in fast).toBe(levels + 3 <= DEFAULT_LIMITS.maxDepth);
    }
  });

  it('gives up where most entries are left to js-yaml, or in more than 1,000 runs', () => {
    const entries = (n: number, tagged: (i: number) => boolean) =>
      Array.from({ length: n }, (_, i) => `- name: ${tagged(i) ? '!!str ' : ''}m${i}\n`).join('');
    // Below the bounds the reader takes the list, leaving the tagged entries.
    expect(list(`contacts:\n${entries(1000, () => true)}`)?.others).toHaveLength(1);
    expect(list(`contacts:\n${entries(2000, (i) => i % 2 === 0)}`)?.others).toHaveLength(1000);
    expect(list(`contacts:\n${entries(3000, (i) => i < 1001)}`)).toBeUndefined();
    expect(list(`contacts:\n${entries(2002, (i) => i % 2 === 0)}`)).toBeUndefined();
    const many = `contacts:\n${entries(3000, (i) => i % 3 !== 0)}`;
    expect(list(many)).toBeUndefined();
    expect(agrees(many)).toBe(false);
  });

  it.each([
    ['a `-` with no blank after it', '-name: a\n'],
    ['an empty list', '# only a comment\n'],
    ['items at two columns', '- name: a\n - name: b\n'],
    ["a line at the items' column that is no item", '  - name: a\n  name: b\n'],
  ])('gives up on a list with %s', (_name, body) => {
    const text = `version: 1\ncontacts:\n${body}tiers: {}\n`;
    expect(list(text)).toBeUndefined();
    agrees(text);
  });

  it('does not read a list under a top-level flow mapping (which no reader reads)', () => {
    const text = '{a: 1,\ncontacts:\n- b: 1\n}\n';
    expect(list(text)).toBeDefined();
    expect(outcome(text, true)).toMatchObject({ diagnostics: [{ rule: 'yaml-syntax' }] });
    agrees(text);
  });

  it('does not read a `contacts:` line inside another node', () => {
    for (const text of ['"a\ncontacts:\n- b: 1\ny"\n', '[a,\ncontacts:\n- b: 1\n]\n']) {
      expect(list(text)).toBeDefined();
      expect(outcome(text, true)).toStrictEqual(outcome(text, false));
    }
    expect(outcome('"a\ncontacts:\n- b: 1\ny"\n', true)).toMatchObject({ value: 'a contacts: - b: 1 y' });
  });

  it('keeps to the depth bound it is used under', () => {
    const limits = { ...DEFAULT_LIMITS, maxDepth: MAX_LIST_DEPTH };
    // The document's mapping, the list, an entry, a block sequence, flow levels, a scalar.
    for (const flow of [MAX_LIST_DEPTH - 5, MAX_LIST_DEPTH - 4])
      for (const [open, close] of [
        ['[', ']'],
        ['{a: ', '}'],
      ]) {
        const text = `contacts:\n- name:\n  - ${open!.repeat(flow)}1${close!.repeat(flow)}\n`;
        const fast = outcome(text, true, limits);
        expect(fast).toStrictEqual(outcome(text, false, limits));
        expect('value' in fast).toBe(flow <= MAX_LIST_DEPTH - 5);
        // Deeper than the reader goes, the entry is left to js-yaml.
        expect(list(text)?.others).toHaveLength(flow <= MAX_LIST_DEPTH - 5 ? 0 : 1);
      }
  });

  it('is not used under a depth bound lower than the nesting it can hold', () => {
    const text = 'contacts:\n- name: [[1]]\n';
    const shallow = { ...DEFAULT_LIMITS, maxDepth: 4 };
    expect(parseYamlText('c.yaml', text, shallow).diagnostics).toMatchObject([{ rule: 'yaml-too-deep' }]);
  });
});

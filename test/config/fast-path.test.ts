/**
 * The fast parse path (js-yaml, core schema) against the exact one (`yaml`'s Document API): the same
 * values for every example and fixture, the same diagnostics for every bad config, and a fallback to
 * the exact path on anything unusual.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkConfig } from '../../src/config/check-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { DEFAULT_LIMITS, parseYamlFile } from '../../src/config/parse-yaml.js';
import { parseYamlFast } from '../../src/config/parse-yaml-fast.js';
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

/** Text that cannot hide, spoof or duplicate: the text rules on YAML, and the checks rosters share. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCharacters,
  checkIdentityWhitespace,
  isPlainSourceId,
  isPrintableAscii,
  PRINTABLE_ASCII,
  looseSourceIdKey,
  SourceIdCollisions,
  strictSourceIdKey,
} from '../../src/config/text-checks.js';
import { check } from './helpers.js';

const HEAD = `version: 1
inboxes:
  web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
  app: 9a2b1c3d-4e5f-6789-abcd-ef0123456789
tiers:
  visitor:
    knowledge_bases: []
contacts:
`;

const contact = (sourceId: string, name = 'Guest', inbox = 'web'): string =>
  `  - { source_id: ${JSON.stringify(sourceId)}, name: ${JSON.stringify(name)}, inbox: ${inbox}, tier: visitor }\n`;

/** JSON.stringify leaves lone surrogates and some controls as they are; YAML double quotes want \\u escapes. */
const yamlQuoted = (text: string): string =>
  `"${[...text]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      return code < 0x20 ||
        (code >= 0x7f && code <= 0x9f) ||
        (code >= 0xd800 && code <= 0xdfff) ||
        code === 0x202e ||
        code === 0x2066
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : ch === '"'
          ? '\\"'
          : ch;
    })
    .join('')}"`;

describe('unsafe-character', () => {
  const cases: [string, string][] = [
    ['NUL', 'a\u0000b'],
    ['ESC (C0)', 'a\u001b[8mhidden'],
    ['DEL', 'a\u007fb'],
    ['C1 (CSI)', 'a\u009bb'],
    ['bidi override', 'abc\u202etxt.exe'],
    ['bidi isolate', 'abc\u2066x'],
  ];
  for (const [what, text] of cases) {
    it(`refuses ${what} in a name, naming file:line:col`, async () => {
      const { diagnostics } = await check(
        `${HEAD}  - source_id: u1\n    name: ${yamlQuoted(text)}\n    inbox: web\n    tier: visitor\n`,
      );
      const found = diagnostics.filter((d) => d.rule === 'unsafe-character');
      expect(found).toHaveLength(1);
      expect(found[0]?.severity).toBe('error');
      expect(found[0]?.location).toMatchObject({ line: 10, column: 11 });
      expect(found[0]?.location?.file).toMatch(/contacts\.yaml$/);
    });
  }

  it('refuses a lone surrogate', () => {
    expect(checkCharacters('ab\ud800c', undefined, 'name')[0]?.message).toContain('lone surrogate (U+D800)');
    expect(checkCharacters('emoji 😀 ok', undefined, 'name')).toEqual([]);
  });

  it('looks at keys and at every section, not only contacts', async () => {
    const { diagnostics } = await check(
      `version: 1\ninboxes:\n  ${yamlQuoted('we\u202eb')}: 8a2b1c3d-4e5f-6789-abcd-ef0123456789\ntiers:\n  visitor:\n    description: ${yamlQuoted('x\u0007')}\n    knowledge_bases: []\n`,
    );
    const lines = diagnostics.filter((d) => d.rule === 'unsafe-character').map((d) => d.location?.line);
    expect(lines).toEqual([3, 6]);
  });

  it('allows tab and line feed in free text, not in source_id or name', async () => {
    const { diagnostics } = await check(
      `version: 1\ntiers:\n  visitor:\n    description: |\n      two\n      lines\n    knowledge_bases: []\n`,
    );
    expect(diagnostics.filter((d) => d.rule === 'unsafe-character')).toEqual([]);
    expect(checkCharacters('a\tb', undefined, 'source_id', true)).toHaveLength(1);
  });
});

describe('whitespace around identities', () => {
  it('refuses leading or trailing whitespace in source_id and name', async () => {
    const { found } = await check(`${HEAD}${contact(' u1')}${contact('u2', 'Lin ')}${contact('u3\u00a0')}`);
    expect(found.filter((f) => f.startsWith('surrounding-whitespace'))).toEqual([
      'surrounding-whitespace@9',
      'surrounding-whitespace@10',
      'surrounding-whitespace@11',
    ]);
  });

  it('refuses a whitespace-only value as blank-value', async () => {
    const { found } = await check(`${HEAD}${contact('   ')}${contact('u2', ' ')}`);
    expect(found.filter((f) => f.startsWith('blank-value'))).toEqual(['blank-value@9', 'blank-value@10']);
    expect(found.some((f) => f.startsWith('surrounding-whitespace'))).toBe(false);
  });

  it('is a function of (value, location) for rosters too', () => {
    const at = { file: 'people.csv', line: 7, column: 3 };
    expect(checkIdentityWhitespace('source_id', 'u1 ', at)).toEqual([
      expect.objectContaining({ rule: 'surrounding-whitespace', location: at }),
    ]);
    expect(checkIdentityWhitespace('name', 'Lin Mei', at)).toEqual([]);
  });
});

describe('source_ids a reader cannot tell apart', () => {
  it('NFC-equal source_ids in one inbox are an error naming both places', async () => {
    const { diagnostics } = await check(`${HEAD}${contact('jos\u00e9')}${contact('jose\u0301')}`);
    const found = diagnostics.filter((d) => d.rule === 'confusable-source-id');
    expect(found).toHaveLength(1);
    expect(found[0]?.location?.line).toBe(10);
    expect(found[0]?.message).toMatch(/contacts\.yaml:9:/);
  });

  it('zero-width characters and NBSP for a space are an error', async () => {
    const { found } = await check(
      `${HEAD}${contact('anna')}${contact('an\u200bna')}${contact('ann a')}${contact('ann\u00a0a')}`,
    );
    expect(found.filter((f) => f.startsWith('confusable-source-id'))).toEqual([
      'confusable-source-id@10',
      'confusable-source-id@12',
    ]);
  });

  it('case and full-width forms are a warning; another inbox is not compared', async () => {
    const { diagnostics } = await check(
      `${HEAD}${contact('User1')}${contact('user1')}${contact('\uff35ser1', 'G', 'web')}${contact('USER1', 'G', 'app')}`,
    );
    const similar = diagnostics.filter((d) => d.rule === 'similar-source-id');
    expect(similar.map((d) => [d.severity, d.location?.line])).toEqual([
      ['warning', 10],
      ['warning', 11],
    ]);
    expect(diagnostics.some((d) => d.rule === 'confusable-source-id')).toBe(false);
  });

  it('the keys and the collision finder work on plain rows', () => {
    expect(strictSourceIdKey('jose\u0301')).toBe(strictSourceIdKey('jos\u00e9'));
    expect(looseSourceIdKey('\uff21b')).toBe(looseSourceIdKey('ab'));
    const rows = new SourceIdCollisions();
    expect(rows.add('inbox', 'a\u200db', { file: 'r.csv', line: 2, column: 1 })).toEqual([]);
    const [problem] = rows.add('inbox', 'ab', { file: 'r.csv', line: 3, column: 1 });
    expect(problem?.rule).toBe('confusable-source-id');
    expect(problem?.message).toContain('r.csv:2:1');
  });
});

describe('empty-config', () => {
  it('a config that declares nothing is a warning', async () => {
    const { diagnostics } = await check('version: 1\n');
    expect(diagnostics.map((d) => [d.rule, d.severity])).toEqual([['empty-config', 'warning']]);
  });
});

describe('the ASCII fast checks', () => {
  const PLAIN = /^[\x20-\x40\x5b-\x7e]*$/;

  it('agree with their regular expressions on every UTF-16 unit, alone and inside text', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const ch = String.fromCharCode(code);
      for (const text of [ch, `a${ch}`, `${ch}z`, `ab${ch}cd`]) {
        expect(isPrintableAscii(text), `U+${code.toString(16)}`).toBe(PRINTABLE_ASCII.test(text));
        expect(isPlainSourceId(text), `U+${code.toString(16)}`).toBe(PLAIN.test(text));
      }
    }
    expect(isPrintableAscii('')).toBe(true);
    expect(isPlainSourceId('')).toBe(true);
  });

  it('agree with their regular expressions on random strings (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(isPrintableAscii(text)).toBe(PRINTABLE_ASCII.test(text));
        expect(isPlainSourceId(text)).toBe(PLAIN.test(text));
      }),
      { seed: 20261202, numRuns: 3000 },
    );
  });
});

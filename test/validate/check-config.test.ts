import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig, validationFailed } from '../../src/validate/check-config.js';
import { loadConfig, withDefaults } from '../../src/config/load-config.js';
import { check, tempFiles } from '../config/helpers.js';

const BASE = `version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
tiers:
  visitor: { knowledge_bases: [] }
contacts:
`;

describe('checkConfig', () => {
  it('reports schema errors and semantic problems in one run, sorted by line', async () => {
    const { found } = await check(
      `${BASE}  - { source_id: u1, name: One, inbox: web-chat, tier: vipp }
  - { source_id: u2, name: 42, inbox: web-chat, tier: visitor }
  - { source_id: u3, name: Three, inbox: nowhere, tier: visitor }
`,
    );
    expect(found).toEqual(['unknown-tier@7', 'schema-type@8', 'unknown-inbox@9']);
  });

  it('does not run semantic rules when a file could not be parsed (its names would all look unknown)', async () => {
    const dir = await tempFiles({
      'a.yaml': 'tiers:\n  visitor: { knowledge_bases: [] }\n  broken: [\n',
      'b.yaml': `${BASE.replace(/tiers:[\s\S]*contacts:\n/, 'contacts:\n')}  - { source_id: u1, name: One, inbox: web-chat, tier: visitor }\n`,
    });
    const diagnostics = checkConfig(await loadConfig([dir]));
    expect(diagnostics.map((d) => d.rule)).toEqual(['yaml-syntax']);
  });

  it('sorts by file, then line, across files', async () => {
    const dir = await tempFiles({
      'a.yaml': `${BASE}  - { source_id: u1, name: One, inbox: web-chat, tier: nope }\n`,
      'b.yaml': '\ncontacts:\n  - { source_id: u2, name: Two, inbox: web-chat, tier: gone }\n',
    });
    const diagnostics = checkConfig(await loadConfig([dir]));
    expect(
      diagnostics.map((d) => `${d.location?.file.slice(dir.length + 1)}:${d.location?.line} ${d.rule}`),
    ).toEqual(['a.yaml:5 unused-tier', 'a.yaml:7 unknown-tier', 'b.yaml:3 unknown-tier']);
  });

  it('fails on errors always and on warnings only when strict', () => {
    const warning = { rule: 'unused-tier', severity: 'warning' as const, message: 'm' };
    const error = { rule: 'unknown-tier', severity: 'error' as const, message: 'm' };
    expect(validationFailed([], true)).toBe(false);
    expect(validationFailed([warning], false)).toBe(false);
    expect(validationFailed([warning], true)).toBe(true);
    expect(validationFailed([error], false)).toBe(true);
  });

  it('refuses a file over the size bound before reading it', async () => {
    // Not YAML at all: had it been parsed, a syntax error would be reported too.
    const dir = await tempFiles({ 'big.yaml': `: [ {{ ${'x'.repeat(200)}` });
    const loaded = await loadConfig([join(dir, 'big.yaml')], { limits: { maxFileSize: 100 } });
    expect(loaded.diagnostics.map((d) => d.rule)).toEqual(['file-too-large']);
    expect(loaded.sources.size).toBe(0);
  });

  it('admits a 100,000-contact file with the default size bound', async () => {
    const { DEFAULT_LIMITS } = await import('../../src/config/parse-yaml.js');
    const contact =
      '  - source_id: user_000000\n    name: Some Body\n    inbox: web-chat\n    tier: visitor\n';
    expect(DEFAULT_LIMITS.maxFileSize).toBeGreaterThan(contact.length * 3 * 100_000);
  });

  it('reads a UTF-8 byte order mark as nothing', async () => {
    const { found } = await check(
      `\uFEFF${BASE}  - { source_id: u1, name: One, inbox: web-chat, tier: visitor }\n`,
    );
    expect(found).toEqual([]);
  });

  it('names a missing config file', async () => {
    const loaded = await loadConfig(['/nonexistent/contacts.yaml']);
    expect(checkConfig(loaded)).toEqual([
      expect.objectContaining({
        rule: 'config-not-found',
        message: expect.stringContaining('/nonexistent/contacts.yaml') as unknown,
      }),
    ]);
  });
});

describe('loadConfig limits', () => {
  it('keeps the default bound when a given one is not a positive number', async () => {
    const { DEFAULT_LIMITS } = await import('../../src/config/parse-yaml.js');
    for (const maxFileSize of [Number.NaN, -1, 0, Infinity]) {
      expect(withDefaults({ maxFileSize }).maxFileSize).toBe(DEFAULT_LIMITS.maxFileSize);
    }
    expect(withDefaults({ maxFileSize: 5, maxDepth: 3 })).toMatchObject({ maxFileSize: 5, maxDepth: 3 });
    const dir = await tempFiles({ 'c.yaml': 'version: 1\n' });
    const tight = await loadConfig([join(dir, 'c.yaml')], { limits: { maxFileSize: 5 } });
    expect(tight.diagnostics.map((d) => d.rule)).toEqual(['file-too-large']);
  });
});

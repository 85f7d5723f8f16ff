/** `rosters:` through the loader: contacts beside YAML ones, and every problem at its row and column. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/validate/check-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { resolveContacts } from '../../src/resolve/resolve-contacts.js';
import { tempFiles } from './helpers.js';

const BASE = `version: 1
inboxes:
  web-chat: 63122e61-561c-4237-b672-c8900e863d85
  line-oa: bb024d80-38d8-42dc-b755-e450b5ec6665
knowledge_bases:
  guide:
    id: 8ed5bb92-5b58-46ae-9a30-0c697c994014
tiers:
  member:
    knowledge_bases: [{ kb: guide, all: false }]
  vip:
    knowledge_bases: [{ kb: guide, all: true }]
contacts:
  - source_id: M-1
    name: Declared in YAML
    inbox: web-chat
    tier: member
`;

async function run(rosters: string, files: Record<string, string>, base = BASE) {
  const dir = await tempFiles({ 'contacts.yaml': `${base}rosters:\n${rosters}`, ...files });
  const loaded = await loadConfig([join(dir, 'contacts.yaml')]);
  const diagnostics = checkConfig(loaded);
  const at = (d: (typeof diagnostics)[number]): string =>
    `${d.rule}@${d.location ? `${d.location.file.slice(dir.length + 1)}:${d.location.line}:${d.location.column}` : '-'}`;
  return { dir, loaded, diagnostics, found: diagnostics.filter((d) => d.severity === 'error').map(at) };
}

const LEVELS = `  - csv: members.csv
    columns: { source_id: member_id, name: display_name, tier: level }
    defaults: { inbox: line-oa }
    tier_map: { GOLD: vip, SILVER: member }
`;

describe('rosters', () => {
  it('adds the rows of a CSV roster after the YAML contacts, with columns, defaults and tier_map', async () => {
    const { diagnostics, loaded } = await run(LEVELS, {
      'members.csv': 'member_id,display_name,level\nM-2,Ada,GOLD\nM-3,"Lin, Mei",SILVER\n',
    });
    expect(diagnostics).toEqual([]);
    const resolved = resolveContacts(loaded.config!.value);
    expect(resolved.map((c) => [c.address, c.tier])).toEqual([
      ['web-chat/M-1', 'member'],
      ['line-oa/M-2', 'vip'],
      ['line-oa/M-3', 'member'],
    ]);
  });

  it('reads rosters relative to the config file, from any working directory', async () => {
    const ok = await run('  - jsonl: m.jsonl\n', {
      'm.jsonl': '{"source_id":"J-1","name":"Jo","inbox":"web-chat","tier":"vip"}\n',
    });
    expect(ok.found).toEqual([]);
    expect(ok.loaded.config?.value.contacts?.map((c) => c.source_id)).toEqual(['M-1', 'J-1']);
  });

  it('reports every CSV problem at once, each at its record line and the column of its cell', async () => {
    const csv = [
      '\uFEFFmember_id,display_name,level',
      'M-2,"Two',
      'lines",PLATINUM', // line 3: the level cell starts at column 8
      ',No id,GOLD', // line 4
      'M-2,Again,GOLD', // line 5: duplicate of line 2
      'M-1,Same as YAML,GOLD', // line 6: but in another inbox (line-oa): no duplicate
      'M-9,Short',
      '',
      'M-10,Fine,SILVER',
    ].join('\r\n');
    const { found } = await run(LEVELS, { 'members.csv': csv });
    expect(found).toEqual([
      'unsafe-character@members.csv:2:5', // a line break in a name
      'unknown-level@members.csv:3:8',
      'roster-empty-source-id@members.csv:4:1',
      'duplicate-address@members.csv:5:1',
      'roster-syntax@members.csv:7:1',
    ]);
  });

  it('names both places of a duplicate: within a roster, across rosters, and against a YAML contact', async () => {
    const { diagnostics, found } = await run(
      `  - csv: a.csv\n    defaults: { inbox: web-chat }\n  - jsonl: b.jsonl\n`,
      {
        'a.csv': 'source_id,name\nM-1,Same as YAML\nA-1,First\nA-1,Twice\n',
        'b.jsonl': '{"source_id":"A-1","name":"Across","inbox":"web-chat"}\n',
      },
    );
    const duplicates = diagnostics.filter((d) => d.rule === 'duplicate-address');
    expect(found.filter((f) => f.startsWith('duplicate-address'))).toEqual([
      'duplicate-address@a.csv:2:1',
      'duplicate-address@a.csv:4:1',
      'duplicate-address@b.jsonl:1:2',
    ]);
    expect(duplicates[0]?.message).toMatch(/contacts\.yaml:14:16/);
    expect(duplicates[1]?.message).toMatch(/a\.csv:3:1/);
    expect(duplicates[2]?.message).toMatch(/a\.csv:3:1/);
  });

  it('a header without a required column is one error at the header, not one per row', async () => {
    const { found, diagnostics } = await run('  - csv: m.csv\n', {
      'm.csv': 'id,name,inbox\n1,A,web-chat\n2,B,web-chat\n',
    });
    expect(found).toEqual(['roster-missing-column@m.csv:1:1']);
    expect(diagnostics.find((d) => d.rule === 'roster-missing-column')?.message).toContain('"source_id"');
  });

  it('an unknown tier or inbox of a row is reported at its cell by the usual rules', async () => {
    const { found } = await run('  - csv: m.csv\n', {
      'm.csv': 'source_id,name,inbox,tier\nA,Ann,web-chat,vipp\nB,Bo,nowhere,vip\nC,Cy,web-chat,Gold Card\n',
    });
    expect(found).toEqual(['unknown-tier@m.csv:2:16', 'unknown-inbox@m.csv:3:6', 'unknown-tier@m.csv:4:15']);
  });

  it('JSON Lines problems are placed at their line (and the key of the field)', async () => {
    const lines = [
      '{"source_id":"J-1","name":"Jo","inbox":"web-chat"}',
      'not json',
      '[1,2]',
      '{"source_id":"","name":"No id","inbox":"web-chat"}',
      '{"source_id":"J-2","name":{"first":"A"},"inbox":"web-chat"}',
      '{"source_id":7,"name":"Numeric id","inbox":"web-chat","tier":"member"}',
    ].join('\n');
    const { found, loaded } = await run('  - jsonl: m.jsonl\n', { 'm.jsonl': lines });
    expect(found).toEqual([
      'roster-syntax@m.jsonl:2:1',
      'roster-syntax@m.jsonl:3:1',
      'roster-empty-source-id@m.jsonl:4:2',
      'roster-invalid-value@m.jsonl:5:20',
    ]);
    expect(loaded.config?.value.contacts?.map((c) => c.source_id)).toEqual(['M-1', 'J-1', '7']);
  });

  it('a roster file that does not exist is an error at its entry in the config', async () => {
    const { found, diagnostics } = await run('  - csv: missing.csv\n', {});
    expect(found).toEqual(['roster-not-found@contacts.yaml:19:10']);
    expect(diagnostics.find((d) => d.rule === 'roster-not-found')?.message).toContain('missing.csv');
  });

  it('an unclosed quote stops the file with a syntax error at its line', async () => {
    const { found } = await run('  - csv: m.csv\n', {
      'm.csv': 'source_id,name,inbox\nA,Ann,web-chat\nB,"Bo,web-chat\nC,Cy,web-chat\n',
    });
    expect(found[0]).toMatch(/^roster-syntax@m\.csv:\d+:1$/);
  });

  it('the schema describes rosters: one kind per entry, known keys only', async () => {
    const { found } = await run('  - csv: a.csv\n    jsonl: b.jsonl\n  - columns: { nick: x }\n', {
      'a.csv': 'source_id,name,inbox\n',
      'b.jsonl': '',
    });
    expect(found).toContain('schema-one-of@contacts.yaml:19:5');
    expect(found.some((f) => f.startsWith('schema-unknown-property@contacts.yaml:21'))).toBe(true);
  });
});

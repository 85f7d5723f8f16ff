/**
 * Findings on roster rows, through the loader and the reporters, against real CSV and JSON Lines files:
 * the text format frames the row (the CSV record's line with a caret under the cell, the JSON Lines
 * line), SARIF and GitHub annotations point at the same line.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { checkConfig } from '../../src/validate/check-config.js';
import { formatText } from '../../src/report/diagnostics/text.js';
import { formatSarif } from '../../src/report/diagnostics/sarif.js';
import { formatGithub } from '../../src/report/diagnostics/github.js';
import { tempFiles } from '../config/helpers.js';
import { sarifValidator } from './sarif-schema.js';

const CONFIG = `version: 1
inboxes:
  web-chat: 63122e61-561c-4237-b672-c8900e863d85
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
rosters:
  - csv: members.csv
    columns: { tier: level }
    defaults: { inbox: web-chat }
    tier_map: { GOLD: vip, SILVER: member }
  - jsonl: more.jsonl
`;

const CSV = [
  '\uFEFFsource_id,name,level',
  'M-1,"Same, as YAML",SILVER', // line 2: the YAML contact's identity again
  'C-2,Bell\u0007 here,PLATINUM', // line 3: a control character, and a level tier_map lacks
  ',No id,GOLD', // line 4: an empty source_id
  'C-3,"Two', // line 5: a name over two lines
  'lines",GOLD',
  'C-4,Short', // line 7: too few cells
  '',
].join('\r\n');

const JSONL = [
  '{"source_id":"J-1","name":"Jo","inbox":"web-chat","tier":"gold"}',
  'not json',
  '{"source_id":"","name":"No id","inbox":"web-chat"}',
  '',
].join('\n');

async function validateRosters() {
  const dir = await tempFiles({ 'contacts.yaml': CONFIG, 'members.csv': CSV, 'more.jsonl': JSONL });
  const loaded = await loadConfig([join(dir, 'contacts.yaml')]);
  const diagnostics = checkConfig(loaded).filter((d) => d.location?.file !== join(dir, 'contacts.yaml'));
  const options = { color: false, cwd: dir, sources: loaded.sources, sourceLine: loaded.sourceLine };
  return { dir, diagnostics, options };
}

/** The blocks of the text output, each as its lines, keyed by its first line. */
function blocks(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of text.split('\n\n')) {
    const [head, ...rest] = block.split('\n');
    out.set(
      head!,
      rest.filter((l) => !l.startsWith('  hint:')),
    );
  }
  return out;
}

describe('roster findings in the reporters', () => {
  it('frames every CSV and JSON Lines finding at its row, the caret under the cell or key', async () => {
    const { diagnostics, options } = await validateRosters();
    const text = formatText(diagnostics, options);
    const shown = blocks(text);
    const frame = (head: string) => {
      const found = [...shown.keys()].find((k) => k.startsWith(head));
      expect(found, `${head} in\n${text}`).toBeDefined();
      return shown.get(found!);
    };
    expect(frame('members.csv:2:1 error duplicate-address:')).toEqual([
      '  2 | M-1,"Same, as YAML",SILVER',
      '    | ^^^',
      '  and at contacts.yaml:13:16',
      '  13 |   - source_id: M-1',
      '     |                ^^^',
    ]);
    // The control character is escaped, and the caret still spans the whole cell.
    expect(frame('members.csv:3:5 error unsafe-character:')).toEqual([
      '  3 | C-2,Bell\\u{0007} here,PLATINUM',
      '    |     ^^^^^^^^^^^^^^^^^',
    ]);
    expect(frame('members.csv:3:16 error unknown-level:')).toEqual([
      '  3 | C-2,Bell\\u{0007} here,PLATINUM',
      '    |                       ^^^^^^^^',
    ]);
    expect(frame('members.csv:4:1 error roster-empty-source-id:')).toEqual(['  4 | ,No id,GOLD', '    | ^']);
    // A quoted cell that goes on to the next line: the caret runs to the end of its first line.
    expect(frame('members.csv:5:5 error unsafe-character:')).toEqual(['  5 | C-3,"Two', '    |     ^^^^']);
    expect(frame('members.csv:7:1 error roster-syntax:')).toEqual(['  7 | C-4,Short', '    | ^^^^^^^^^']);
    expect(frame('more.jsonl:1:51 error unknown-tier:')).toEqual([
      '  1 | {"source_id":"J-1","name":"Jo","inbox":"web-chat","tier":"gold"}',
      '    |                                                   ^^^^^^',
    ]);
    expect(frame('more.jsonl:2:1 error roster-syntax:')).toEqual(['  2 | not json', '    | ^^^^^^^^']);
    expect(frame('more.jsonl:3:2 error roster-empty-source-id:')).toEqual([
      '  3 | {"source_id":"","name":"No id","inbox":"web-chat"}',
      '    |  ^^^^^^^^^^^',
    ]);
    // Every finding printed has its frame: no roster block is a bare message.
    for (const [head, lines] of shown)
      if (/^(members\.csv|more\.jsonl):/.test(head)) expect(lines.length, head).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('\u0007');
  });

  it('SARIF and GitHub annotations point at the roster line and cell', async () => {
    const { diagnostics, options } = await validateRosters();
    const log = JSON.parse(formatSarif(diagnostics, options)) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[];
          relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[];
        }[];
      }[];
    };
    expect(sarifValidator()(log)).toBe(true);
    const results = log.runs[0]!.results;
    const level = results.find((r) => r.ruleId === 'unknown-level')!;
    expect(level.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'members.csv', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 16, endLine: 3, endColumn: 24 },
    });
    const duplicate = results.find((r) => r.ruleId === 'duplicate-address')!;
    expect(duplicate.locations[0]!.physicalLocation.artifactLocation.uri).toBe('members.csv');
    expect(duplicate.relatedLocations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'contacts.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 13, startColumn: 16, endLine: 13, endColumn: 19 },
    });
    const jsonl = results.find((r) => r.ruleId === 'unknown-tier')!;
    expect(jsonl.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'more.jsonl', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 51, endLine: 1, endColumn: 57 },
    });

    const github = formatGithub(diagnostics, options).split('\n');
    expect(github).toContain(
      '::error file=members.csv,line=3,col=16,endLine=3,endColumn=24,title=mai-contacts unknown-level::' +
        'level "PLATINUM" is not in tier_map (GOLD, SILVER)%0Ahint: add the level to tier_map, or correct the row',
    );
    expect(
      github.some((l) =>
        l.startsWith('::error file=more.jsonl,line=2,col=1,title=mai-contacts roster-syntax::'),
      ),
    ).toBe(true);
  });
});

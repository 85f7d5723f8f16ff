/** The file contact sources (YAML contacts, CSV and JSON Lines rosters) against the contract. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Contact } from '../../src/config/contacts-config.generated.js';
import type { SourceLocation } from '../../src/config/diagnostic.js';
import { parseYamlFile } from '../../src/config/parse-yaml.js';
import { csvContactSource } from '../../src/config/sources/csv-source.js';
import { jsonlContactSource } from '../../src/config/sources/jsonl-source.js';
import { yamlContactSource } from '../../src/config/sources/yaml-source.js';
import { describeContactSource } from './contact-source-contract.js';
import { tempFiles } from './helpers.js';

const FIELDS = ['source_id', 'name', 'avatar', 'inbox', 'tier'] as const;

/** The text of `path` from a position to the end of that line. */
function textAt(path: string): (location: SourceLocation) => string {
  return (location) => {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const line = text.split(/\r\n|\n|\r/)[location.line - 1] ?? '';
    return [...line].slice(location.column - 1).join('');
  };
}

describeContactSource('yaml', async (contacts) => {
  const dir = await tempFiles({
    'contacts.yaml': stringify(
      { version: 1, contacts },
      { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' },
    ),
  });
  const path = join(dir, 'contacts.yaml');
  const parsed = parseYamlFile(path, readFileSync(path), undefined, { fastParseMinBytes: Infinity });
  return { source: yamlContactSource(parsed.file!), textAt: textAt(path) };
});

const quote = (value: string | undefined): string =>
  value === undefined ? '' : /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

describeContactSource('csv (BOM, CRLF, quoted cells, a mapped column)', async (contacts) => {
  const header = ['member_id', ...FIELDS.slice(1)];
  const rows = contacts.map((c: Contact) => FIELDS.map((f) => quote(c[f])).join(','));
  const text = `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
  const dir = await tempFiles({ 'members.csv': text });
  const path = join(dir, 'members.csv');
  return {
    source: csvContactSource(path, { csv: path, columns: { source_id: 'member_id' } }),
    textAt: textAt(path),
  };
});

describeContactSource('jsonl', async (contacts) => {
  const text = `${contacts.map((c) => JSON.stringify({ id: c.source_id, ...c, source_id: undefined })).join('\n')}\n\n`;
  const dir = await tempFiles({ 'members.jsonl': text });
  const path = join(dir, 'members.jsonl');
  return {
    source: jsonlContactSource(path, { jsonl: path, columns: { source_id: 'id' } }),
    textAt: (location) => {
      // A position is the key of the field; the value follows it.
      const rest = textAt(path)(location);
      const value = /^"[^"]*":\s*"((?:[^"\\]|\\.)*)"/.exec(rest)?.[1];
      return value === undefined ? rest : (JSON.parse(`"${value}"`) as string);
    },
  };
});

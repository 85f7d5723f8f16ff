/**
 * `output`: the contact-ID table from state (address, source_id, contact_id, inbox, tier, created_at,
 * updated_at) for the business system and Web Chat initialisation. Pure formatters.
 */
import type { StateEntry } from '../../state/types.js';
import { escapeText } from '../escape-text.js';

export const OUTPUT_COLUMNS = [
  'address',
  'source_id',
  'contact_id',
  'inbox',
  'tier',
  'created_at',
  'updated_at',
] as const;
export interface OutputRow {
  address: string;
  source_id: string;
  contact_id: string;
  inbox: string;
  tier: string | null;
  created_at: string;
  updated_at: string;
}

export function outputRows(entries: Iterable<StateEntry>): OutputRow[] {
  return [...entries]
    .map((e) => ({
      address: e.address,
      source_id: e.source_id,
      contact_id: e.contact_id,
      inbox: e.inbox,
      tier: e.tier,
      created_at: e.created_at,
      updated_at: e.updated_at,
    }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.inbox < b.inbox ? -1 : 1));
}

/**
 * RFC 4180: quoted when a field holds a comma, quote or line break; CRLF line ends. A value a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with
 * `'`, as OWASP describes for CSV injection; control characters are escaped (`\u{XXXX}`), never emitted.
 */
function csvField(value: string | null): string {
  const raw = value ?? '';
  const text = escapeText(/^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw);
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const OUTPUT_FORMATS = ['json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const OUTPUT_REPORTERS: Record<OutputFormat, (rows: readonly OutputRow[]) => string> = {
  json: (rows) => JSON.stringify(rows, null, 2),
  csv: (rows) =>
    [OUTPUT_COLUMNS.join(','), ...rows.map((r) => OUTPUT_COLUMNS.map((c) => csvField(r[c])).join(','))]
      .map((line) => `${line}\r\n`)
      .join(''),
};

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

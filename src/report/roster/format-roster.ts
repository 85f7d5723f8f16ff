/**
 * Contacts as a roster file (`import --format csv|jsonl`): one row per contact with the fields a
 * roster carries (source_id, name, avatar, inbox, tier), readable back by `rosters:` without `columns:`.
 * CSV follows RFC 4180 (CRLF records, quotes where needed); JSON Lines is one object a line.
 */
export const ROSTER_FORMATS = ['csv', 'jsonl'] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

export const ROSTER_COLUMNS = ['source_id', 'name', 'avatar', 'inbox', 'tier'] as const;

export type RosterRow = Partial<Record<(typeof ROSTER_COLUMNS)[number], string>>;

export function isRosterFormat(value: string): value is RosterFormat {
  return (ROSTER_FORMATS as readonly string[]).includes(value);
}

/** Whether a contact can be a roster row: its access is exactly a tier (no grants of its own). */
export function isRosterRow(contact: Record<string, unknown>): boolean {
  return Object.keys(contact).every((key) => (ROSTER_COLUMNS as readonly string[]).includes(key));
}

export function formatRoster(rows: readonly RosterRow[], format: RosterFormat): string {
  if (format === 'jsonl') {
    return rows
      .map((row) => {
        const object: RosterRow = {};
        for (const column of ROSTER_COLUMNS) if (row[column] !== undefined) object[column] = row[column];
        return `${JSON.stringify(object)}\n`;
      })
      .join('');
  }
  const lines = [ROSTER_COLUMNS.join(',')];
  for (const row of rows) lines.push(ROSTER_COLUMNS.map((c) => csvCell(row[c] ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

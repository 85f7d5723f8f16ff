/** The CSV roster: one pass through csv-parse, rows straight into contacts; positions on demand. */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import type { Contact, Roster } from '../contacts-config.generated.js';
import type { Diagnostic } from '../diagnostic.js';
import type { ContactSource, SourceRead } from './contact-source.js';
import { csvPositions } from './csv-positions.js';
import {
  CONTACT_FIELDS,
  columnsOf,
  missingColumns,
  rowBuilder,
  type ContactField,
  type RowProblem,
} from './roster-rows.js';
import { notFound, RowProblems } from './row-problems.js';

export function csvContactSource(path: string, roster: Roster): ContactSource {
  return { kind: 'csv', origin: path, read: () => readCsv(path, roster) };
}

async function readCsv(path: string, roster: Roster): Promise<SourceRead> {
  const positions = csvPositions(path);
  const columns = columnsOf(roster);
  const contacts: Contact[] = [];
  /** Record number (0 = header) of each contact, when some rows were left out. */
  let recordOf: number[] | undefined;
  const cellOf = {} as Record<ContactField, number>;
  const problems = new RowProblems();
  const diagnostics: Diagnostic[] = [];
  let header: string[] | undefined;
  let build: ReturnType<typeof rowBuilder> | undefined;
  let row: string[] = [];
  let record = 0;
  const cell = (field: ContactField): string | undefined => row[cellOf[field]];
  /** The cell of a field's column, undefined when the header has no such column (a default fills it). */
  const cellAt = (field: ContactField): number | undefined =>
    cellOf[field] >= 0 ? cellOf[field] : undefined;

  // The record being built, for problems a row reports (one function for every row, not one a row).
  let current = 0;
  const reportAtCurrent = (problem: RowProblem): void => {
    const at = current;
    problems.add(problem, () => positions.at(at, problem.field ? cellAt(problem.field) : undefined));
  };

  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    return { diagnostics: [notFound(path, error)] };
  }
  stream.pipe(parser);
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('data', (cells: string[]) => {
        row = cells;
        if (header === undefined) {
          header = cells;
          for (const field of CONTACT_FIELDS) cellOf[field] = cells.indexOf(columns[field]);
          const missing = missingColumns(
            roster,
            (c) => cells.includes(c),
            () => positions.at(0),
            `the header of ${path}`,
          );
          diagnostics.push(...missing);
          // Without a required column no row can be a contact: one error at the header, not one a row.
          if (missing.length === 0) build = rowBuilder(roster, (field) => cellOf[field] >= 0);
          record = 1;
          return;
        }
        if (!build) return;
        const at = record++;
        if (cells.length !== header.length) {
          problems.add(
            {
              rule: 'roster-syntax',
              message: `the record has ${cells.length} cell(s), the header ${header.length}`,
              hint: "quote cells that hold commas, and give every record the header's cells",
            },
            () => positions.at(at),
          );
          if (cells.length > header.length) return;
        }
        current = at;
        const contact = build(cell, reportAtCurrent);
        if (contact) {
          if (recordOf) recordOf.push(at);
          contacts.push(contact);
        } else {
          recordOf ??= Array.from({ length: contacts.length }, (_, i) => i + 1);
        }
      });
      parser.once('end', resolve);
      parser.once('error', reject);
      stream.once('error', reject);
    });
  } catch (error) {
    stream.destroy();
    if (!(error instanceof CsvError)) return { diagnostics: [notFound(path, error)] };
    const line = Number((error as { lines?: unknown }).lines) || 1;
    diagnostics.push({
      rule: 'roster-syntax',
      severity: 'error',
      message: `the CSV cannot be read: ${error.message.replace(/^Invalid Opening Quote: |^Quote Not Closed: /, '')}`,
      hint: 'quote a cell that holds a quote, a comma or a line break, and double the quotes inside it',
      location: { file: path, line, column: 1 },
    });
  }
  if (header === undefined)
    diagnostics.push(
      ...missingColumns(
        roster,
        () => false,
        () => ({ file: path, line: 1, column: 1 }),
        `${path} (empty)`,
      ),
    );
  const records = recordOf;
  return {
    set: {
      origin: path,
      contacts,
      locate(index, field) {
        const at = records ? (records[index] ?? index + 1) : index + 1;
        const known = field !== undefined && (CONTACT_FIELDS as readonly string[]).includes(field);
        return positions.at(at, known ? cellAt(field as ContactField) : undefined);
      },
      lineText: (line) => positions.lineText(line),
    },
    diagnostics: [...diagnostics, ...problems.diagnostics()],
  };
}

/** The JSON Lines roster: one JSON object a line, read as a stream; a position is the record's line. */
import { createReadStream, readFileSync } from 'node:fs';
import type { Contact, Roster } from '../contacts-config.generated.js';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import type { ContactSource, SourceRead } from './contact-source.js';
import { CONTACT_FIELDS, columnsOf, missingColumns, rowBuilder, type ContactField } from './roster-rows.js';
import { notFound, RowProblems } from './row-problems.js';

export function jsonlContactSource(path: string, roster: Roster): ContactSource {
  return { kind: 'jsonl', origin: path, read: () => readJsonl(path, roster) };
}

async function readJsonl(path: string, roster: Roster): Promise<SourceRead> {
  const columns = columnsOf(roster);
  const contacts: Contact[] = [];
  const lineOf: number[] = [];
  const problems = new RowProblems();
  const diagnostics: Diagnostic[] = [];
  const lines = fileLines(path);
  let row: Record<string, unknown> = {};
  const cell = (field: ContactField): unknown => row[columns[field]];
  const build = rowBuilder(roster, () => true);
  const place = (line: number, field?: ContactField): SourceLocation => {
    const key = field ? lines.keyAt(line, columns[field]) : undefined;
    return key
      ? { file: path, line, column: key.column, endLine: line, endColumn: key.endColumn }
      : { file: path, line, column: 1 };
  };

  let line = 0;
  const take = (text: string): void => {
    line++;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return;
    const at = line;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.add(
        {
          rule: 'roster-syntax',
          message: `the line is not valid JSON (${(error as Error).message})`,
          hint: 'write one JSON object a line',
        },
        () => place(at),
      );
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.add(
        {
          rule: 'roster-syntax',
          message: 'the line is not a JSON object',
          hint: 'write one JSON object a line',
        },
        () => place(at),
      );
      return;
    }
    row = value as Record<string, unknown>;
    const missing = missingColumns(
      roster,
      (c) => Object.hasOwn(row, c),
      () => place(at),
      'the object',
    );
    diagnostics.push(...missing);
    if (missing.length > 0) return;
    const contact = build(cell, (problem) => problems.add(problem, () => place(at, problem.field)));
    if (contact) {
      contacts.push(contact);
      lineOf.push(at);
    }
  };

  try {
    let rest = '';
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = rest + (chunk as string);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        take(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
    }
    if (rest !== '') take(rest);
  } catch (error) {
    return { diagnostics: [notFound(path, error)] };
  }
  return {
    set: {
      origin: path,
      contacts,
      locate(index, field) {
        const at = lineOf[index] ?? 1;
        const known = field !== undefined && (CONTACT_FIELDS as readonly string[]).includes(field);
        return place(at, known ? (field as ContactField) : undefined);
      },
      lineText: (line) => lines.text(line),
    },
    diagnostics: [...diagnostics, ...problems.diagnostics()],
  };
}

/** Lines of the file, read on first use: the text of one, and where `"key"` is written in it. */
function fileLines(path: string): {
  text(line: number): string | undefined;
  keyAt(line: number, key: string): { column: number; endColumn: number } | undefined;
} {
  let lines: string[] | undefined;
  const text = (line: number): string | undefined => {
    lines ??= readFileSync(path, 'utf8').split('\n');
    const raw = lines[line - 1];
    if (raw === undefined) return undefined;
    const bom = line === 1 && raw.charCodeAt(0) === 0xfeff ? 1 : 0;
    return raw.slice(bom, raw.endsWith('\r') ? -1 : undefined);
  };
  return {
    text,
    keyAt(line, key) {
      const quoted = JSON.stringify(key);
      const at = (text(line) ?? '').indexOf(quoted);
      return at < 0 ? undefined : { column: at + 1, endColumn: at + 1 + quoted.length };
    },
  };
}

/**
 * The PostgreSQL roster: the query runs in a READ ONLY transaction and is streamed with a cursor, a
 * batch of rows at a time. The connection string comes from the environment only, and no message
 * carries its password. A position is the row number (line) and the column's place in the result.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Contact, Roster } from '../contacts-config.generated.js';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import type { ContactSource, SourceRead } from './contact-source.js';
import { CONTACT_FIELDS, columnsOf, missingColumns, rowBuilder, type ContactField } from './roster-rows.js';
import { RowProblems } from './row-problems.js';

const BATCH = 2000;

export interface PostgresRoster {
  url_env: string;
  query: string;
}

export function postgresContactSource(
  spec: PostgresRoster,
  roster: Roster,
  env: NodeJS.ProcessEnv = process.env,
): ContactSource {
  const origin = `postgres:${spec.url_env}`;
  return { kind: 'postgres', origin, read: () => readPostgres(origin, spec, roster, env) };
}

async function readPostgres(
  origin: string,
  spec: PostgresRoster,
  roster: Roster,
  env: NodeJS.ProcessEnv,
): Promise<SourceRead> {
  const url = env[spec.url_env];
  const start: SourceLocation = { file: origin, line: 1, column: 1 };
  if (!url)
    return {
      diagnostics: [
        {
          rule: 'roster-env-missing',
          severity: 'error',
          message: `${spec.url_env} is not set: the roster query needs the connection string in it`,
          hint: `export ${spec.url_env}=postgres://user:password@host/database (never write it in the config)`,
        },
      ],
    };
  const columns = columnsOf(roster);
  const contacts: Contact[] = [];
  const rowOf: number[] = [];
  const problems = new RowProblems();
  const diagnostics: Diagnostic[] = [];
  let names: string[] = [];
  let row: Record<string, unknown> = {};
  const cell = (field: ContactField): unknown => row[columns[field]];
  const place = (line: number, field?: ContactField): SourceLocation => ({
    file: origin,
    line,
    column: field ? names.indexOf(columns[field]) + 1 || 1 : 1,
  });

  const client = new pg.Client({ connectionString: url, application_name: 'mai-contacts roster' });
  try {
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
    const cursor = client.query(new Cursor<Record<string, unknown>>(spec.query));
    let build: ReturnType<typeof rowBuilder> | undefined;
    let number = 0;
    for (;;) {
      const rows = await cursor.read(BATCH);
      if (!build) {
        names =
          (cursor as unknown as { _result?: { fields?: { name: string }[] } })._result?.fields?.map(
            (f) => f.name,
          ) ?? Object.keys(rows[0] ?? {});
        const has = (c: string): boolean => names.includes(c);
        const missing = missingColumns(roster, has, () => start, 'the query result');
        for (const d of missing) d.message = `${d.message} (it returns ${names.join(', ') || 'no columns'})`;
        diagnostics.push(...missing);
        if (missing.length > 0) break;
        build = rowBuilder(roster, (field) => has(columns[field]));
      }
      if (rows.length === 0) break;
      for (const r of rows) {
        row = r;
        const at = ++number;
        const contact = build(cell, (problem) =>
          problems.add(
            {
              ...problem,
              message: `${problem.message}${problem.field ? ` (row ${at}, column ${columns[problem.field]})` : ` (row ${at})`}`,
            },
            () => place(at, problem.field),
          ),
        );
        if (contact) {
          contacts.push(contact);
          rowOf.push(at);
        }
      }
    }
    await cursor.close();
    await client.query('ROLLBACK');
  } catch (error) {
    diagnostics.push({
      rule: 'roster-query-failed',
      severity: 'error',
      message: `the roster query in ${spec.url_env} failed: ${redact(errorText(error), url)}`,
      hint: 'check the query, the database and the connection string (the password is not shown)',
      location: start,
    });
    return { diagnostics };
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    set: {
      origin,
      contacts,
      locate(index, field) {
        const known = field !== undefined && (CONTACT_FIELDS as readonly string[]).includes(field);
        return place(rowOf[index] ?? index + 1, known ? (field as ContactField) : undefined);
      },
    },
    diagnostics: [...diagnostics, ...problems.diagnostics()],
  };
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  return String(error);
}

/** The message without the connection string's password (nor the whole string, should it appear). */
export function redact(text: string, url: string): string {
  let out = text.split(url).join('postgres://…');
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password.length > 0) out = out.split(password).join('***');
  } catch {
    // not a URL (a keyword/value string): the whole string is already masked
  }
  return out;
}

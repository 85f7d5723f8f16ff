/**
 * The tables of the PostgreSQL backend, in one schema, created on first use by versioned migrations
 * (`schema_migrations` records each one applied). Where a DBA owns the schema, creation is skipped
 * (`create_schema=false`) and `schemaSql` prints what to run.
 */
import type { ClientBase } from 'pg';
import { StateError } from '../../errors.js';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Each migration, in order; version = index + 1. Never edit one that shipped: add the next. */
const MIGRATIONS: readonly ((s: string) => string)[] = [
  (s) => `
CREATE TABLE ${s}.workspaces (
  name text PRIMARY KEY,
  lineage text NOT NULL,
  serial bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE ${s}.query_metadata (
  digest text PRIMARY KEY,
  body json NOT NULL
);
CREATE TABLE ${s}.contacts (
  workspace text NOT NULL REFERENCES ${s}.workspaces (name) ON DELETE CASCADE,
  inbox text NOT NULL,
  source_id text NOT NULL,
  address text NOT NULL,
  contact_id text NOT NULL,
  tier text,
  body json NOT NULL,
  query_metadata text NOT NULL REFERENCES ${s}.query_metadata (digest),
  digest text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (workspace, inbox, source_id)
);
CREATE TABLE ${s}.locks (
  workspace text PRIMARY KEY,
  who text NOT NULL,
  host text NOT NULL,
  pid integer NOT NULL,
  command text,
  since text NOT NULL,
  backend_pid integer NOT NULL
);`,
  // The lock's id, for `state unlock LOCK_ID`.
  (s) => `ALTER TABLE ${s}.locks ADD COLUMN id text;`,
  // Finding the query_metadata rows no contact refers to (sweepQueryMetadata) is one probe per row.
  (s) => `CREATE INDEX contacts_query_metadata ON ${s}.contacts (query_metadata);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The SQL that creates the schema from nothing (for a DBA). */
export function schemaSql(schema: string): string {
  const s = quoteIdent(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s};`,
    `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());`,
    ...MIGRATIONS.map(
      (m, i) => `${m(s).trim()}\nINSERT INTO ${s}.schema_migrations (version) VALUES (${i + 1});`,
    ),
  ].join('\n');
}

async function installedVersion(client: ClientBase, schema: string): Promise<number | undefined> {
  const { rows } = await client.query<{ present: string | null }>('SELECT to_regclass($1) AS present', [
    `${quoteIdent(schema)}.schema_migrations`,
  ]);
  if (!rows[0]?.present) return undefined;
  const version = await client.query<{ v: number | null }>(
    `SELECT max(version) AS v FROM ${quoteIdent(schema)}.schema_migrations`,
  );
  return version.rows[0]?.v ?? 0;
}

/**
 * Makes sure the schema is at SCHEMA_VERSION. Returns false when it does not exist and `create` is
 * false for a reader (an empty state); throws when a writer needs it, or it is newer than this tool.
 */
export async function ensureSchema(
  client: ClientBase,
  schema: string,
  options: { create: boolean; write: boolean },
): Promise<boolean> {
  const version = await installedVersion(client, schema);
  if (version !== undefined && version > SCHEMA_VERSION) {
    throw new StateError(
      `schema ${schema} is at version ${version}; this mai-contacts knows version ${SCHEMA_VERSION}: upgrade it`,
    );
  }
  if (version === SCHEMA_VERSION) return true;
  if (!options.write && version === undefined) return false;
  if (!options.create) {
    throw new StateError(
      version === undefined
        ? `schema ${schema} has no mai-contacts tables, and creating them is turned off; ` +
            'run the SQL of `mai-contacts state schema-sql` as the schema owner'
        : `schema ${schema} is at version ${version}, this mai-contacts needs ${SCHEMA_VERSION}, and changing it is ` +
            'turned off; run the SQL of `mai-contacts state schema-sql` as the schema owner',
    );
  }
  const s = quoteIdent(schema);
  await client.query('BEGIN');
  try {
    // One migrator at a time per schema (a transaction lock, gone at COMMIT).
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('mai-contacts migrate ' || $1, 0))", [
      schema,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const now = (await installedVersion(client, schema)) ?? 0;
    for (let v = now + 1; v <= SCHEMA_VERSION; v++) {
      await client.query((MIGRATIONS[v - 1] as (s: string) => string)(s));
      await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [v]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new StateError(
      `cannot create the mai-contacts tables in schema ${schema}: ${(error as Error).message}`,
    );
  }
  return true;
}

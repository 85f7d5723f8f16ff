/**
 * The PostgreSQL roster on the run's private cluster (test/setup/postgres.ts): the contract suite, the
 * READ ONLY transaction, problems at row and column, the password kept out of every message, and
 * examples/roster-postgres validated against its own members table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/validate/check-config.js';
import type { Contact } from '../../src/config/contacts-config.generated.js';
import { loadConfig } from '../../src/config/load-config.js';
import { postgresContactSource } from '../../src/config/sources/postgres-source.js';
import pg from 'pg';
import { NO_POSTGRES, POSTGRES } from '../helpers/postgres.js';
import { describeContactSource } from './contact-source-contract.js';
import { tempFiles } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
let tables = 0;
const cluster = NO_POSTGRES ? undefined : POSTGRES;

/** The cluster's URL with the password in it, as a user would export it. */
function urlWithPassword(): string {
  if (!cluster) throw new Error('no cluster');
  const url = new URL(cluster.url);
  url.password = cluster.password;
  return url.toString();
}

/** A fresh table holding `contacts` as rows (id, display_name, avatar, inbox, tier), in order. */
async function membersTable(contacts: readonly Contact[]): Promise<string> {
  const table = `members_${process.pid}_${++tables}`;
  await withAdmin(async (client) => {
    await client.query(
      `CREATE TABLE ${table} (n serial, id text, display_name text, avatar text, inbox text, tier text)`,
    );
    for (const c of contacts)
      await client.query(
        `INSERT INTO ${table} (id, display_name, avatar, inbox, tier) VALUES ($1, $2, $3, $4, $5)`,
        [c.source_id, c.name, c.avatar ?? null, c.inbox, c.tier ?? null],
      );
  });
  return table;
}

/** A superuser connection for setting up tables and looking at rows. */
async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlWithPassword() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const env = (): NodeJS.ProcessEnv => ({ MEMBERS_URL: urlWithPassword() });

describe.skipIf(NO_POSTGRES)('PostgreSQL roster', () => {
  describeContactSource('postgres', async (contacts) => {
    const table = await membersTable(contacts);
    const query = `SELECT id AS member_id, display_name AS name, avatar, inbox, tier FROM ${table} ORDER BY n`;
    return {
      source: postgresContactSource(
        { url_env: 'MEMBERS_URL', query },
        { columns: { source_id: 'member_id' } } as never,
        env(),
      ),
      rowOf: (location) => location.line,
    };
  });

  let table = '';
  beforeAll(async () => {
    table = await membersTable([
      { source_id: 'P-1', name: 'Ada', inbox: 'web-chat', tier: 'GOLD' },
      { source_id: '', name: 'No id', inbox: 'web-chat', tier: 'GOLD' },
      { source_id: 'P-3', name: 'Bo', inbox: 'web-chat', tier: 'BRONZE' },
    ]);
  });

  it('places problems at the row number and the column of the result', async () => {
    const source = postgresContactSource(
      {
        url_env: 'MEMBERS_URL',
        query: `SELECT id AS source_id, display_name AS name, inbox, tier FROM ${table} ORDER BY n`,
      },
      { tier_map: { GOLD: 'vip' } } as never,
      env(),
    );
    const read = await source.read();
    expect(read.set?.contacts.map((c) => c.source_id)).toEqual(['P-1', 'P-3']);
    expect(read.diagnostics.map((d) => `${d.rule}@${d.location?.line}:${d.location?.column}`)).toEqual([
      'roster-empty-source-id@2:1',
      'unknown-level@3:4',
    ]);
    expect(read.diagnostics[1]?.message).toContain('row 3, column tier');
    expect(read.diagnostics[1]?.location?.file).toBe('postgres:MEMBERS_URL');
  });

  it('runs the query in a READ ONLY transaction: a write is refused, and nothing is written', async () => {
    const source = postgresContactSource(
      {
        url_env: 'MEMBERS_URL',
        query: `INSERT INTO ${table} (id) VALUES ('sneaky') RETURNING id AS source_id`,
      },
      {} as never,
      env(),
    );
    const read = await source.read();
    expect(read.diagnostics.map((d) => d.rule)).toEqual(['roster-query-failed']);
    expect(read.diagnostics[0]?.message).toMatch(/read-only transaction/);
    const count = await withAdmin((c) =>
      c.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = 'sneaky'`),
    );
    expect(count.rows[0]).toEqual({ n: 0 });
  });

  it('never prints the password: not for a wrong password, a bad query or a missing variable', async () => {
    const wrong = new URL(urlWithPassword());
    wrong.password = 'not-the-password-s3cr3t';
    for (const [url, query] of [
      [wrong.toString(), 'SELECT 1'],
      [urlWithPassword(), 'SELECT nonsense FROM nowhere'],
    ] as const) {
      const read = await postgresContactSource({ url_env: 'MEMBERS_URL', query }, {} as never, {
        MEMBERS_URL: url,
      }).read();
      expect(read.diagnostics.map((d) => d.rule)).toEqual(['roster-query-failed']);
      const text = JSON.stringify(read.diagnostics);
      expect(text).not.toContain(cluster!.password);
      expect(text).not.toContain('not-the-password-s3cr3t');
    }
    const missing = await postgresContactSource(
      { url_env: 'MEMBERS_URL', query: 'SELECT 1' },
      {} as never,
      {},
    ).read();
    expect(missing.diagnostics.map((d) => d.rule)).toEqual(['roster-env-missing']);
  });

  it('a query without a source_id column is one error naming the columns it returns', async () => {
    const read = await postgresContactSource(
      { url_env: 'MEMBERS_URL', query: `SELECT display_name AS name, inbox FROM ${table}` },
      {} as never,
      env(),
    ).read();
    expect(read.diagnostics.map((d) => d.rule)).toEqual(['roster-missing-column']);
    expect(read.diagnostics[0]?.message).toContain('it returns name, inbox');
  });

  it('examples/roster-postgres is valid against its members table', async () => {
    const dir = join(ROOT, 'examples', 'roster-postgres');
    const schema = `example_${process.pid}`;
    await withAdmin(async (client) => {
      await client.query(
        `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path TO ${schema}`,
      );
      await client.query(readFileSync(join(dir, 'members.sql'), 'utf8'));
    });
    const url = new URL(urlWithPassword());
    url.searchParams.set('options', `-c search_path=${schema}`);
    const saved = process.env['MEMBERS_DATABASE_URL'];
    process.env['MEMBERS_DATABASE_URL'] = url.toString();
    try {
      const loaded = await loadConfig([join(dir, 'contacts.yaml')]);
      expect(checkConfig(loaded)).toEqual([]);
      expect(loaded.config?.value.contacts?.length).toBeGreaterThan(3);
    } finally {
      if (saved === undefined) delete process.env['MEMBERS_DATABASE_URL'];
      else process.env['MEMBERS_DATABASE_URL'] = saved;
    }
  });
});

describe('examples/roster-postgres without the database', () => {
  it('says which variable to set, at the roster entry', async () => {
    const dir = await tempFiles({
      'contacts.yaml': readFileSync(join(ROOT, 'examples', 'roster-postgres', 'contacts.yaml'), 'utf8'),
    });
    const saved = process.env['MEMBERS_DATABASE_URL'];
    delete process.env['MEMBERS_DATABASE_URL'];
    try {
      const found = checkConfig(await loadConfig([join(dir, 'contacts.yaml')])).filter(
        (d) => d.severity === 'error',
      );
      expect(found.map((d) => d.rule)).toEqual(['roster-env-missing']);
      expect(found[0]?.message).toContain('MEMBERS_DATABASE_URL');
    } finally {
      if (saved !== undefined) process.env['MEMBERS_DATABASE_URL'] = saved;
    }
  });
});

/** The run's PostgreSQL cluster (test/setup/postgres.ts): URLs of fresh schemas, and an admin client. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const POSTGRES = inject('postgres');
/** Skip the PostgreSQL tests when there is no cluster (only outside CI; see the setup). */
export const NO_POSTGRES = POSTGRES.url === '';

/** A URL for a schema of its own (no password in it: pass `pgEnv()`, or set PGPASSWORD). */
export function freshStateUrl(prefix = 't'): string {
  return `${POSTGRES.url}?schema=${prefix}_${randomBytes(5).toString('hex')}`;
}

/** The environment a CLI child needs to reach the cluster. */
export function pgEnv(): Record<string, string> {
  return { PGPASSWORD: POSTGRES.password };
}

/** Runs `fn` with a superuser connection (for pg_terminate_backend and looking at rows). */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES.url, password: POSTGRES.password });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// The PostgreSQL server the state and roster benchmarks use: a private cluster of their own
// (scripts/pg-cluster.js, the server's default durability: fsync on), or, when
// MAI_CONTACTS_BENCH_PG_URL names one (postgres://USER@HOST:PORT/DB, password in PGPASSWORD), that
// database: the smoke test hands over its own cluster so as not to start a second one. In a given
// database the benchmarks work in schemas of their own, dropped when they are done.
import pg from 'pg';
import { findPostgresBin, startCluster } from '../scripts/pg-cluster.js';

/** The server, or undefined when there is none (no URL given, no PostgreSQL binaries installed). */
export async function benchPostgres() {
  const given = process.env.MAI_CONTACTS_BENCH_PG_URL;
  if (!given && !findPostgresBin()) return undefined;
  const cluster = given
    ? { url: given, password: process.env.PGPASSWORD ?? '', stop: () => undefined, given: true }
    : await startCluster();
  const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const schemas = [];
  return {
    url: cluster.url,
    password: cluster.password,
    /** The state URL of a schema of this run's own. */
    stateUrl(name) {
      const schema = `bench_${name}_${tag}`;
      schemas.push(schema);
      return `${cluster.url}?schema=${schema}`;
    },
    async stop() {
      try {
        if (cluster.given && schemas.length > 0) {
          const client = new pg.Client({ connectionString: cluster.url, password: cluster.password });
          await client.connect();
          try {
            for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          } finally {
            await client.end();
          }
        }
      } finally {
        cluster.stop();
      }
    },
  };
}

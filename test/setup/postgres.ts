/**
 * Vitest global setup: one private PostgreSQL cluster for the whole run (scripts/pg-cluster.js), its
 * address handed to the tests with `provide`. Without PostgreSQL binaries the PostgreSQL tests are
 * skipped with a message, unless CI is set: then the run fails, since CI must test both backends.
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startCluster } from '../../scripts/pg-cluster.js';

export interface ProvidedPostgres {
  /** Empty when there is no cluster (the PostgreSQL tests skip). */
  url: string;
  host: string;
  port: number;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!findPostgresBin()) {
    if (process.env['CI']) {
      throw new Error(
        'CI is set but no PostgreSQL server binaries were found (/usr/lib/postgresql/*/bin/initdb): install postgresql',
      );
    }
    console.warn(
      'PostgreSQL tests skipped: no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb); install postgresql to run them',
    );
    project.provide('postgres', { url: '', host: '', port: 0, password: '' });
    return () => undefined;
  }
  const cluster = await startCluster({ fast: true });
  project.provide('postgres', {
    url: cluster.url,
    host: cluster.host,
    port: cluster.port,
    password: cluster.password,
  });
  return () => cluster.stop();
}

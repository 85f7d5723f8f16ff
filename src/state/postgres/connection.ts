/**
 * `postgres://USER[:PASSWORD]@HOST:PORT/DB?schema=NAME` -> the node-postgres client configuration, with
 * libpq's conventions: whatever the URL leaves out comes from PGHOST, PGPORT, PGUSER, PGDATABASE,
 * PGPASSWORD, PGSSLMODE (libpq's sslmode semantics, `prefer` by default: see sslAttempts), PGAPPNAME and
 * PGCONNECT_TIMEOUT, then ~/.pgpass (or PGPASSFILE). The password
 * is never part of `location` (the text used in messages), and `redact` removes it from any text.
 */
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import type { ClientConfig } from 'pg';
import { UsageError } from '../../errors.js';

export interface DatabaseTarget {
  /** The URL without its password, for messages. */
  location: string;
  host: string;
  port: number;
  database: string;
  user: string;
  schema: string;
  createSchema: boolean;
  /** The sslmode in force (the URL's, else PGSSLMODE, else libpq's default `prefer`). */
  sslMode: SslMode;
  /** The client configuration of the first connection attempt. */
  config: ClientConfig;
  /** Every attempt, in order: the next is tried only when the server refused the previous one's TLS choice. */
  attempts: ClientConfig[];
  /** Replaces the password (if any) in a text. */
  redact(text: string): string;
}

const PARAMS = new Set([
  'schema',
  'create_schema',
  'sslmode',
  'application_name',
  'connect_timeout',
  'host',
  'port',
]);
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
export const DEFAULT_SCHEMA = 'mai_contacts';

type PgPass = (info: Record<string, unknown>, callback: (password: string | undefined) => void) => void;

function pgpassLookup(info: {
  host: string;
  port: number;
  database: string;
  user: string;
}): Promise<string | undefined> {
  const pgpass = createRequire(import.meta.url)('pgpass') as PgPass;
  return new Promise((resolve) => pgpass(info, resolve));
}

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * The TLS settings to try, in order, as libpq does for each sslmode. node-postgres itself cannot fall
 * back: given `sslmode=prefer` in a connection string it requires TLS with full verification (and warns
 * that prefer is an alias of verify-full), and PGSSLMODE=prefer makes it require TLS; against a server
 * without TLS both fail with "The server does not support SSL connections". So the URL and PGSSLMODE are
 * read here, and the store connects once per setting until one is accepted (see `connectAttempts`):
 * `prefer` (libpq's default) tries TLS without verification, then plain text when the server refuses TLS;
 * `allow` tries plain text, then TLS when the server refuses plain text.
 */
function sslAttempts(mode: string | undefined): ClientConfig['ssl'][] {
  switch (mode ?? 'prefer') {
    case 'disable':
      return [false];
    case 'allow':
      return [false, { rejectUnauthorized: false }];
    case 'prefer':
      return [{ rejectUnauthorized: false }, false];
    case 'require':
      return [{ rejectUnauthorized: false }];
    case 'verify-ca':
    case 'verify-full':
      return [true];
    default:
      throw new UsageError(`sslmode "${mode}" is not one of ${SSL_MODES.join(', ')}`);
  }
}

export function parseDatabaseUrl(
  raw: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { createSchema?: boolean } = {},
): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('the --state URL is not a valid postgres:// URL');
  }
  const urlPassword = url.password ? decodeURIComponent(url.password) : undefined;
  const redact = (text: string): string => {
    let out = text;
    for (const secret of [urlPassword, url.password, env['PGPASSWORD']]) {
      if (secret && secret.length >= 1) out = out.split(secret).join('***');
    }
    return out;
  };
  const unknown = [...url.searchParams.keys()].filter((key) => !PARAMS.has(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `the --state URL has unknown parameter(s) ${unknown.join(', ')} (known: ${[...PARAMS].join(', ')})`,
    );
  }
  const param = (key: string): string | undefined => url.searchParams.get(key) ?? undefined;
  const host =
    decodeURIComponent(url.hostname.replace(/^\[(.+)\]$/, '$1')) ||
    param('host') ||
    env['PGHOST'] ||
    'localhost';
  const portText = url.port || param('port') || env['PGPORT'] || '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`the --state URL's port "${portText}" is not a port number`);
  }
  const user = decodeURIComponent(url.username) || env['PGUSER'] || userInfo().username;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || env['PGDATABASE'] || user;
  const schema = param('schema') ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new UsageError(
      `schema "${schema}" is not a plain identifier (letters, digits and "_", not starting with a digit, at most 63)`,
    );
  }
  const createParam = param('create_schema');
  if (createParam !== undefined && createParam !== 'true' && createParam !== 'false') {
    throw new UsageError(`create_schema must be true or false, not "${createParam}"`);
  }
  const createSchema = createParam === 'false' ? false : (options.createSchema ?? true);
  const timeoutText = param('connect_timeout') ?? env['PGCONNECT_TIMEOUT'] ?? '10';
  const timeout = Number(timeoutText);
  if (!Number.isFinite(timeout) || timeout < 0) {
    throw new UsageError(`connect_timeout "${timeoutText}" is not a number of seconds`);
  }
  const sslMode = (param('sslmode') ?? env['PGSSLMODE'] ?? 'prefer') as SslMode;
  const ssl = sslAttempts(sslMode);
  const explicit = urlPassword ?? env['PGPASSWORD'];
  const config: ClientConfig = {
    host,
    port,
    user,
    database,
    ssl: ssl[0],
    application_name: param('application_name') ?? env['PGAPPNAME'] ?? 'mai-contacts',
    connectionTimeoutMillis: Math.round(timeout * 1000),
    keepAlive: true,
    // A silently dropped connection (a lost runner's network) is noticed in about a minute, not hours.
    keepAliveInitialDelayMillis: 10_000,
    password:
      explicit !== undefined
        ? explicit
        : async () => (await pgpassLookup({ host, port, database, user })) ?? '',
  };
  const location = `postgres://${user}@${host.includes(':') ? `[${host}]` : host}:${port}/${database}?schema=${schema}`;
  const attempts = ssl.map((choice) => ({ ...config, ssl: choice }));
  return { location, host, port, database, user, schema, createSchema, sslMode, config, attempts, redact };
}

/**
 * True when a failed attempt is one the next attempt answers: the server refused TLS (its "N" to the
 * SSLRequest) or refused the connection for its encryption (pg_hba.conf has no entry for it, SQLSTATE
 * 28000, e.g. a `hostssl`-only server given plain text).
 */
export function refusedForEncryption(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.message === 'The server does not support SSL connections') return true;
  const code = (error as { code?: unknown }).code;
  return code === '28000' && /pg_hba\.conf/.test(error.message);
}

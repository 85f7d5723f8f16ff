/**
 * A private PostgreSQL cluster for the tests and the benchmark: `initdb` into a temporary directory,
 * `pg_ctl start` on 127.0.0.1 and a free port (and a socket in that directory), password
 * authentication (scram-sha-256) for one superuser. Run as root, the server runs as the `postgres`
 * user (initdb and postgres refuse root). No Docker, no mock.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOTS = ['/usr/lib/postgresql'];

/** The directory holding initdb/pg_ctl/postgres (newest version), or undefined when not installed. */
export function findPostgresBin() {
  if (process.env.MAI_CONTACTS_PG_BIN) return process.env.MAI_CONTACTS_PG_BIN;
  for (const root of ROOTS) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function postgresIds() {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * Starts a cluster. Returns its URL parts and `stop()`. `fast` turns off fsync (tests); the benchmark
 * keeps the server's defaults.
 */
export async function startCluster(options = {}) {
  const bin = options.bin ?? findPostgresBin();
  if (!bin) throw new Error('no PostgreSQL server binaries (initdb, pg_ctl) found under /usr/lib/postgresql');
  const asRoot = process.getuid?.() === 0;
  // As root, a TMPDIR under /root would not be reachable by the postgres user: use /tmp.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'mai-contacts-pg-'));
  const data = join(dir, 'data');
  const user = 'mai';
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pwfile'), uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (command, args) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, command),
      asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      },
    );
  run('initdb', [
    '-D',
    data,
    '-U',
    user,
    '--pwfile',
    join(dir, 'pwfile'),
    '-A',
    'scram-sha-256',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=100',
    ...(options.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'server.log'), '-o', settings]);
  const url = `postgres://${user}@127.0.0.1:${port}/postgres`;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    database: 'postgres',
    dir,
    /** Without the password: pass it as PGPASSWORD. */
    url,
    stop() {
      try {
        run('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', data]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The PostgreSQL backend against a real server (the run's private cluster): the backend contract, then
 * what is particular to it: rows not a blob, versioned schema, a DBA-owned schema, the lock key, the
 * holder row, a lost lock connection, and a password that never shows.
 */
import { describe, expect, it } from 'vitest';
import { LockError, StateError } from '../../src/errors.js';
import { identityKey } from '../../src/resolve/identity.js';
import { openState, stateSchemaSql } from '../../src/state/open-state.js';
import { lockKey } from '../../src/state/postgres/lock.js';
import { sweepLockKey } from '../../src/state/postgres/rows.js';
import { SCHEMA_VERSION } from '../../src/state/postgres/schema.js';
import { INBOX, input } from '../helpers/state.js';
import { freshStateUrl, NO_POSTGRES, POSTGRES, withAdmin } from '../helpers/postgres.js';
import { startWireProxy } from '../helpers/pg-wire-proxy.js';
import { describeStateBackend } from './backend-contract.js';

process.env['PGPASSWORD'] = POSTGRES.password;

if (NO_POSTGRES) {
  describe.skip('PostgreSQL state backend (no PostgreSQL binaries: install postgresql to run these)', () => {
    it('skipped', () => undefined);
  });
} else {
  describeStateBackend('postgres', () => freshStateUrl());

  const schemaOf = (url: string) => new URL(url).searchParams.get('schema') as string;

  describe('PostgreSQL state backend', () => {
    it('keeps one row per contact and one shared query_metadata row per tier, under a versioned schema', async () => {
      const url = freshStateUrl();
      const store = await openState(url, { lock: true, command: 'apply' });
      for (const s of ['u1', 'u2', 'u3']) await store.record(input(s));
      await store.record(
        input('u4', { tier: 'vip', body: { ...input('u4').body, query_metadata: { knowledge_bases: [] } } }),
      );
      await store.remove(identityKey(INBOX, 'u3'));
      const schema = schemaOf(url);
      const rows = await withAdmin(async (db) => ({
        contacts: (
          await db.query(
            `SELECT source_id, tier, body, contact_id FROM ${schema}.contacts ORDER BY source_id`,
          )
        ).rows,
        qm: (await db.query(`SELECT count(*)::int AS n FROM ${schema}.query_metadata`)).rows[0] as {
          n: number;
        },
        ws: (await db.query(`SELECT name, lineage, serial FROM ${schema}.workspaces`)).rows,
        versions: (await db.query(`SELECT version FROM ${schema}.schema_migrations`)).rows,
        lock: (await db.query(`SELECT who, host, pid, command FROM ${schema}.locks`)).rows,
      }));
      expect(rows.contacts.map((r: { source_id: string }) => r.source_id)).toEqual(['u1', 'u2', 'u4']);
      expect(rows.contacts[0]).toMatchObject({ tier: 'visitor', contact_id: 'contact-u1' });
      expect((rows.contacts[0] as { body: { query_metadata: unknown } }).body.query_metadata).toBeNull();
      expect(rows.qm.n).toBe(2);
      expect(rows.ws).toEqual([{ name: 'default', lineage: store.lineage, serial: '5' }]);
      expect(rows.versions.map((r: { version: number }) => r.version)).toEqual(
        Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
      );
      expect(rows.lock).toEqual([expect.objectContaining({ pid: process.pid, command: 'apply' })]);
      await store.close();
      const after = await withAdmin(async (db) => (await db.query(`SELECT * FROM ${schema}.locks`)).rowCount);
      expect(after).toBe(0);
    });

    it('commits each recorded change in one round trip to the server (a change group in one statement)', async () => {
      const proxy = await startWireProxy();
      try {
        const url = `${proxy.url}?sslmode=disable&schema=${schemaOf(freshStateUrl())}`;
        const store = await openState(url, { lock: true, command: 'apply' });
        let before = proxy.readyForQuery();
        // The first change also creates the workspace row.
        await store.record(input('u1'));
        expect(proxy.readyForQuery() - before).toBe(1);
        before = proxy.readyForQuery();
        await store.record(input('u2', { tier: 'vip', body: { ...input('u2').body, query_metadata: {} } }));
        expect(proxy.readyForQuery() - before).toBe(1);
        before = proxy.readyForQuery();
        await store.remove(identityKey(INBOX, 'u1'));
        expect(proxy.readyForQuery() - before).toBe(1);
        // Changes that arrive while a write is in flight go out together: fewer round trips than changes.
        before = proxy.readyForQuery();
        await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((s) => store.record(input(s))));
        expect(proxy.readyForQuery() - before).toBeLessThanOrEqual(2);
        // Changes recorded in one turn of the event loop, each from its own callback (as responses
        // arriving together are handled), share one write.
        before = proxy.readyForQuery();
        await Promise.all(
          ['g', 'h', 'i'].map(
            (s) =>
              new Promise<unknown>((resolve, reject) =>
                setImmediate(() => void store.record(input(s)).then(resolve, reject)),
              ),
          ),
        );
        expect(proxy.readyForQuery() - before).toBe(1);
        await store.close();
        const back = await openState(url, { lock: false });
        expect([...back.entries()].map((e) => e.source_id).sort()).toEqual([
          'a',
          'b',
          'c',
          'd',
          'e',
          'f',
          'g',
          'h',
          'i',
          'u2',
        ]);
        expect(back.serial).toBe(12);
        await back.close();
      } finally {
        await proxy.close();
      }
    });

    it('a group written over a workspace that now holds another state is refused, and nothing of it lands', async () => {
      const url = freshStateUrl();
      const store = await openState(url, { lock: true });
      await store.record(input('u1'));
      await withAdmin((db) =>
        db.query(`UPDATE ${schemaOf(url)}.workspaces SET lineage = 'someone-else' WHERE name = 'default'`),
      );
      await expect(store.record(input('u2'))).rejects.toThrow(/lineage changed/);
      const rows = await withAdmin(
        async (db) =>
          (await db.query<{ source_id: string }>(`SELECT source_id FROM ${schemaOf(url)}.contacts`)).rows,
      );
      expect(rows).toEqual([{ source_id: 'u1' }]);
      await store.close();
    });

    it("sslmode prefer (libpq's default) tries TLS first and, when the server refuses it, connects in plain text", async () => {
      const proxy = await startWireProxy();
      const saved = process.env['PGSSLMODE'];
      try {
        const schema = `schema=${schemaOf(freshStateUrl())}`;
        const cases: [string, string | undefined][] = [
          [`${proxy.url}?sslmode=prefer&${schema}`, undefined],
          [`${proxy.url}?${schema}`, 'prefer'],
          [`${proxy.url}?${schema}`, undefined],
        ];
        for (const [url, env] of cases) {
          if (env === undefined) delete process.env['PGSSLMODE'];
          else process.env['PGSSLMODE'] = env;
          const before = { ...proxy.connections(), ssl: proxy.sslRequests().length };
          const store = await openState(url, { lock: true });
          await store.record(input('u1'));
          await store.close();
          // One SSLRequest, refused by the server (the test cluster has ssl off), then a plain-text startup.
          expect(proxy.sslRequests().slice(before.ssl)).toEqual(['N']);
          expect(proxy.connections().opened - before.opened).toBe(2);
          expect(proxy.connections().plainStartups - before.plainStartups).toBe(1);
        }
        // disable and allow start in plain text, without asking for TLS.
        for (const mode of ['disable', 'allow']) {
          const before = { ...proxy.connections(), ssl: proxy.sslRequests().length };
          const reader = await openState(`${proxy.url}?sslmode=${mode}&${schema}`, { lock: false });
          expect(reader.size).toBe(1);
          await reader.close();
          expect(proxy.sslRequests().length).toBe(before.ssl);
          expect(proxy.connections().opened - before.opened).toBe(1);
        }
        // require does not fall back: one clear error.
        const error = (await openState(`${proxy.url}?sslmode=require&${schema}`, { lock: false }).catch(
          (e: unknown) => e,
        )) as Error;
        expect(error).toBeInstanceOf(StateError);
        expect(error.message).toMatch(
          /cannot connect to the state database at 127\.0\.0\.1:\d+ .*sslmode require\): The server does not support SSL connections/,
        );
      } finally {
        if (saved === undefined) delete process.env['PGSSLMODE'];
        else process.env['PGSSLMODE'] = saved;
        await proxy.close();
      }
    });

    it('removes shared query_metadata rows no contact refers to any more at the end of a run, keeping those another workspace uses', async () => {
      const url = freshStateUrl();
      const schema = schemaOf(url);
      const vip = (s: string) =>
        input(s, { tier: 'vip', body: { ...input(s).body, query_metadata: { knowledge_bases: [] } } });
      const qmRows = () =>
        withAdmin(
          async (db) =>
            (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.query_metadata`)).rows[0]
              ?.n,
        );
      const store = await openState(url, { lock: true, command: 'apply' });
      await store.record(input('u1'));
      await store.record(vip('u2'));
      expect(await qmRows()).toBe(2);
      // u2 moves to u1's tier: the vip grants are referenced by no contact now.
      await store.record(input('u2'));
      await store.commit();
      expect(await qmRows()).toBe(1);
      await store.close();

      // Another workspace refers to the vip grants: removing them from default keeps the shared row.
      const staging = await openState(url, { lock: true, workspace: 'staging' });
      await staging.record(vip('s1'));
      await staging.close();
      const again = await openState(url, { lock: true });
      await again.record(vip('u3'));
      await again.remove(identityKey(INBOX, 'u3'));
      await again.remove(identityKey(INBOX, 'u1'));
      await again.remove(identityKey(INBOX, 'u2'));
      // A run that ends without commit (state rm, an interrupted apply) sweeps on close.
      await again.close();
      expect(await qmRows()).toBe(1);
      const left = await openState(url, { lock: false, workspace: 'staging' });
      expect(left.get(identityKey(INBOX, 's1'))?.body.query_metadata).toEqual({ knowledge_bases: [] });
      await left.close();
      const cleared = await openState(url, { lock: true, workspace: 'staging' });
      await cleared.remove(identityKey(INBOX, 's1'));
      await cleared.commit();
      await cleared.close();
      expect(await qmRows()).toBe(0);

      // A row a killed run left behind goes with the next run that writes anything, a create say.
      await withAdmin((db) =>
        db.query(`INSERT INTO ${schema}.query_metadata (digest, body) VALUES ('left-over', '{}')`),
      );
      const next = await openState(url, { lock: true });
      await next.record(input('z1'));
      await next.commit();
      await next.close();
      const digests = await withAdmin(
        async (db) =>
          (await db.query<{ digest: string }>(`SELECT digest FROM ${schema}.query_metadata`)).rows,
      );
      expect(digests).toHaveLength(1);
      expect(digests[0]?.digest).not.toBe('left-over');
    });

    it('a write and the sweep of query_metadata rows exclude each other: a write waits while a sweep deletes', async () => {
      const url = freshStateUrl();
      const schema = schemaOf(url);
      const store = await openState(url, { lock: true });
      await store.record(input('u1'));
      const backend = await withAdmin(
        async (db) =>
          (await db.query<{ pid: number }>(`SELECT backend_pid AS pid FROM ${schema}.locks`)).rows[0]?.pid,
      );
      await withAdmin(async (db) => {
        // The sweep's side of the lock, held by another session.
        await db.query('BEGIN');
        await db.query('SELECT pg_advisory_xact_lock($1::bigint)', [sweepLockKey(schema)]);
        let landed = false;
        const write = store.record(input('u2')).then(() => (landed = true));
        // The write's statement waits for that lock (the server shows it waiting) instead of landing.
        let waiting = false;
        for (const end = Date.now() + 30_000; !waiting && !landed && Date.now() < end;) {
          const { rows } = await db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1",
            [backend],
          );
          waiting = rows[0]?.n === 1;
          if (!waiting) await new Promise((r) => setTimeout(r, 20));
        }
        expect(landed).toBe(false);
        expect(waiting).toBe(true);
        // Meanwhile the sweep removes the shared query_metadata row (and, here, every contact).
        await db.query(`DELETE FROM ${schema}.contacts`);
        await db.query(`DELETE FROM ${schema}.query_metadata`);
        await db.query('COMMIT');
        await write;
      });
      // It wrote its query_metadata row again, since the sweep had removed it.
      await store.close();
      const back = await openState(url, { lock: false });
      expect(back.get(identityKey(INBOX, 'u2'))?.body.query_metadata).toEqual(
        input('u2').body.query_metadata,
      );
      await back.close();
    });

    it('derives the lock key from schema and workspace, never one constant', () => {
      const keys = new Set([
        lockKey('a', 'default').key,
        lockKey('b', 'default').key,
        lockKey('a', 'staging').key,
        lockKey('ab', 'c').key,
        lockKey('a', 'bc').key,
      ]);
      expect(keys.size).toBe(5);
    });

    it('with create_schema=false refuses to create tables (a DBA owns the schema), and works once they exist', async () => {
      const url = `${freshStateUrl()}&create_schema=false`;
      const reader = await openState(url, { lock: false });
      expect(reader.exists).toBe(false);
      await reader.close();
      await expect(openState(url, { lock: true })).rejects.toThrow(/no mai-contacts tables.*schema-sql/);
      const sql = await stateSchemaSql(url);
      await withAdmin((db) => db.query(sql));
      const writer = await openState(url, { lock: true });
      await writer.record(input('u1'));
      await writer.close();
      expect((await openState(url, { lock: false })).size).toBe(1);
    });

    it('refuses a schema newer than this version', async () => {
      const url = freshStateUrl();
      await (await openState(url, { lock: true })).close();
      await withAdmin((db) =>
        db.query(`INSERT INTO ${schemaOf(url)}.schema_migrations (version) VALUES (99)`),
      );
      await expect(openState(url, { lock: false })).rejects.toThrow('version 99');
    });

    it('when the lock connection is killed: lockLost says so, further changes are refused, another writer gets in', async () => {
      const url = freshStateUrl();
      const store = await openState(url, { lock: true, command: 'apply' });
      await store.record(input('u1'));
      const schema = schemaOf(url);
      await withAdmin((db) =>
        db.query(`SELECT pg_terminate_backend(backend_pid) FROM ${schema}.locks WHERE workspace = 'default'`),
      );
      // However long the server takes to close the session (a generous bound, not a speed requirement).
      for (const end = Date.now() + 30_000; !store.lockLost() && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 50));
      expect(store.lockLost()).toMatch(/connection holding the lock .* was lost/);
      await expect(store.record(input('u2'))).rejects.toThrow(StateError);
      const next = await openState(url, { lock: true });
      expect(next.size).toBe(1);
      await next.close();
      await store.close();
    });

    it('names the holder when refused, with who, host, pid, command and since', async () => {
      const url = freshStateUrl();
      const first = await openState(url, { lock: true, command: 'apply' });
      const error = (await openState(url, { lock: true }).catch((e: unknown) => e)) as LockError;
      expect(error).toBeInstanceOf(LockError);
      expect(error.holder).toMatchObject({ pid: process.pid, command: 'apply' });
      expect(error.holder?.who).toBeTruthy();
      expect(error.holder?.since).toMatch(/^\d{4}-/);
      await first.close();
    });

    it('an unreachable database: one error naming host and port', async () => {
      const error = (await openState('postgres://mai@127.0.0.1:1/postgres?connect_timeout=5', {
        lock: true,
      }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(StateError);
      expect(error.message).toContain('cannot connect to the state database at 127.0.0.1:1');
    });

    it('never shows the password: not in the location, not in a refused login, not in a bad URL', async () => {
      const secret = 'Sekr3t-Pa55word';
      const url = `postgres://mai:${secret}@${POSTGRES.host}:${POSTGRES.port}/postgres?schema=${schemaOf(freshStateUrl())}`;
      const error = (await openState(url, { lock: true }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(StateError);
      expect(error.message).toMatch(/password authentication failed/);
      expect(`${error.message}\n${error.stack ?? ''}`).not.toContain(secret);
      const bad = (await openState(`postgres://mai:${secret}@127.0.0.1:1/db?nonsense=1`, {
        lock: false,
      }).catch((e: unknown) => e)) as Error;
      expect(bad.message).toContain('nonsense');
      expect(bad.message).not.toContain(secret);
      const good = `postgres://mai:${encodeURIComponent(POSTGRES.password)}@${POSTGRES.host}:${POSTGRES.port}/postgres?schema=${schemaOf(freshStateUrl())}`;
      const store = await openState(good, { lock: true });
      expect(store.location).not.toContain(POSTGRES.password);
      expect(store.location).toMatch(/^postgres:\/\/mai@127\.0\.0\.1:\d+\/postgres\?schema=t_/);
      await store.close();
    });
  });
}

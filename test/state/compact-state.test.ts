/**
 * The compact read-only store (OpenStateOptions.compact, what plan opens): the same entries as a full
 * read, every line still checked when the state is read (the same refusal, at the same entry), entries
 * in the common form decoded only when asked for (from the file as it was read), and `unchanged`
 * telling plan a no-op without decoding.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.js';
import { identityKey } from '../../src/resolve/identity.js';
import type { ContactBody } from '../../src/resolve/types.js';
import { entryFromInput } from '../../src/state/entry-index.js';
import { openState } from '../../src/state/open-state.js';
import { BRIEF_ROWS_SETTINGS, briefName, briefRowsQuery } from '../../src/state/postgres/rows.js';
import { decodeState, encodeState } from '../../src/state/state-file.js';
import type { StateStore } from '../../src/state/store.js';
import type { StateEntry } from '../../src/state/types.js';
import { REPO_ROOT } from '../helpers/config.js';
import { INBOX, TIER_QM, body, input } from '../helpers/state.js';
import { freshStateUrl, NO_POSTGRES, POSTGRES, withAdmin } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

const OTHER_QM = { label_relations: { operator: 'OR' as const, conditions: [] } };

/** Entries in the common form and in others: escapes, an avatar, an upper-case inbox, a null tier. */
function mixed(): StateEntry[] {
  const common = (id: string, extra = {}) => entryFromInput(input(id, extra), undefined);
  return [
    common('u1'),
    common('u2', { tier: null, body: body('u2', { query_metadata: OTHER_QM }) }),
    common('u3', { body: body('u3', { name: 'Quoted "name", \u540d\n' }) }),
    common('u4', { body: body('u4', { avatar: 'https://example.com/a.png' }) }),
    common('u5', { body: body('u5', { inbox: INBOX.toUpperCase() }) }),
    common('u6', { body: { name: 'N', source_id: 'u6', inboxes: [{ id: INBOX }], query_metadata: TIER_QM } }),
    common('u\\7'),
    common('long-source-id-of-a-member-8', { contact_id: 'contact-id-long-enough-to-be-sliced-8' }),
    // parts that look like the line's own structure
    common('x#/query_metadata/1', {
      tier: '',
      body: body('x#/query_metadata/1', {
        name: '#/query_metadata/7,tier:null',
        query_metadata: OTHER_QM,
      }),
    }),
    common('u10', { tier: 'a-tier-name-longer-than-thirteen', body: body('u10', { name: '' }) }),
  ];
}

function write(entries: StateEntry[], name = 'contacts.state.json'): string {
  const path = join(tempDir('mai-compact-'), name);
  writeFileSync(
    path,
    encodeState({ lineage: 'l-1', serial: 3, entries: new Map(entries.map((e) => [e.identity, e])) }),
  );
  return path;
}

/** The declared contact of `id` in INBOX, with the body `b`. */
const contactOf = (id: string, b: ContactBody = body(id)) => ({
  identity: identityKey(INBOX, id),
  inboxId: INBOX,
  sourceId: id,
  body: b,
});

/** Entries in the common form whose source_id, name and tier are any `text`, up to `maxLength` of them. */
function arbitraryEntries(text: fc.Arbitrary<string>, maxLength: number): fc.Arbitrary<StateEntry[]> {
  return fc
    .uniqueArray(fc.record({ id: text.filter((t) => t !== ''), name: text, tier: fc.option(text) }), {
      selector: (r) => r.id,
      maxLength,
    })
    .map((rows) =>
      rows.map((r) =>
        entryFromInput(
          input(r.id, { tier: r.tier, body: { ...body(r.id), name: r.name }, address: `web/${r.id}` }),
          undefined,
        ),
      ),
    );
}

const open = (path: string, compact = true): Promise<StateStore> => openState(path, { lock: false, compact });

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => new Error('no error'),
    (e: unknown) => e as Error,
  );
  return error;
}

describe('a compact store', () => {
  it('holds the entries a full read holds: entries, get, find, identities, size', async () => {
    const path = write(mixed());
    const full = await open(path, false);
    const compact = await open(path);
    try {
      expect(compact.size).toBe(full.size);
      expect([...compact.identities()]).toEqual([...full.identities()]);
      for (const entry of full.entries()) {
        expect(compact.get(entry.identity)).toEqual(entry);
        expect(compact.find(entry.address)).toEqual(entry);
      }
      expect([...compact.entries()]).toEqual([...full.entries()]);
      expect(compact.get('nobody/none')).toBeUndefined();
    } finally {
      await compact.close();
    }
  });

  it('joins each entry in the common form with what it holds: contact id, tier, name, query_metadata', async () => {
    const path = write(mixed());
    const compact = await open(path);
    const full = await open(path, false);
    try {
      const pass = compact.join?.();
      const briefs = [];
      for (const entry of full.entries()) {
        const found = pass?.declare({
          identity: entry.identity,
          inboxId: entry.inbox,
          sourceId: entry.source_id,
          body: { ...entry.body, query_metadata: structuredClone(entry.body.query_metadata) },
        });
        if (found === 'known') continue;
        expect(found).toEqual({ contact_id: entry.contact_id, tier: entry.tier });
        briefs.push(entry.source_id);
      }
      expect(briefs).toEqual(['long-source-id-of-a-member-8', 'u1', 'u10', 'u2', 'x#/query_metadata/1']);
    } finally {
      await compact.close();
    }
  });

  it('folds in the journal over the state file, as a full read does', async () => {
    const path = write(mixed());
    const writer = await openState(path, { lock: true });
    await writer.record(
      input('u1', { contact_id: 'contact-u1-again', body: body('u1', { name: 'Renamed' }) }),
    );
    await writer.record(input('u9'));
    await writer.remove(identityKey(INBOX, 'u2'));
    await writer.close();
    const compact = await open(path);
    try {
      const full = await open(path, false);
      expect([...compact.entries()]).toEqual([...full.entries()]);
      expect(compact.get(identityKey(INBOX, 'u1'))?.contact_id).toBe('contact-u1-again');
      expect(compact.get(identityKey(INBOX, 'u2'))).toBeUndefined();
      expect(compact.serial).toBe(full.serial);
    } finally {
      await compact.close();
    }
  });

  it('reads any entries the state module writes as a full read does', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEntries(fc.string({ unit: 'binary', maxLength: 12 }), 6), async (entries) => {
        const path = write(entries);
        const compact = await open(path);
        try {
          expect([...compact.entries()]).toEqual([...(await open(path, false)).entries()]);
        } finally {
          await compact.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it.each([
    [
      'a digest that is not one',
      (t: string) => t.replace(/"digest":"sha256:[0-9a-f]+"/, '"digest":"sha256:nope"'),
    ],
    ['a missing contact id', (t: string) => t.replace(/"contact_id":"[^"]*",/, '')],
    ['an empty source_id', (t: string) => t.replace(/"source_id":"u1"/, '"source_id":""')],
    ['a tier that is a number', (t: string) => t.replace(/"tier":"visitor"/, '"tier":7')],
  ])('refuses %s, at its entry, as a full read does', async (_name, change) => {
    const path = write(mixed());
    const text = change(readFileSync(path, 'utf8'));
    writeFileSync(path, text);
    const whole = (() => {
      try {
        decodeState(path, text);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    })();
    expect(whole).toMatch(/ is not a mai-contacts state file: \/contacts\/\d/);
    const error = await errorOf(open(path));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toBe(whole);
  });

  it('refuses an entry that refers to a query_metadata the pool lacks, and an entry listed twice', async () => {
    const path = write(mixed());
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"#/query_metadata/0"', '"#/query_metadata/9"'));
    expect((await errorOf(open(path))).message).toContain('contacts[0] refers to query_metadata 9');
    const lines = text.split('\n');
    const first = lines.indexOf('  "contacts": [') + 1;
    lines.splice(first, 0, lines[first] as string);
    writeFileSync(path, lines.join('\n'));
    expect((await errorOf(open(path))).message).toContain(
      `web-chat/long-source-id-of-a-member-8 (${INBOX}/long-source-id-of-a-member-8) is listed twice`,
    );
  });

  it('decodes an entry from the file it read, even once a writer has replaced that file', async () => {
    const path = write(mixed());
    const before = (await open(path, false)).get(identityKey(INBOX, 'u1'));
    const compact = await open(path);
    const next = write([entryFromInput(input('u1', { contact_id: 'replaced' }), undefined)], 'next.json');
    renameSync(next, path);
    try {
      expect(compact.get(identityKey(INBOX, 'u1'))).toEqual(before);
    } finally {
      await compact.close();
    }
    const again = await open(path);
    expect(again.get(identityKey(INBOX, 'u1'))?.contact_id).toBe('replaced');
    await again.close();
    expect(() => again.get(identityKey(INBOX, 'u1'))).not.toThrow(); // decoded before the close
  });

  it('refuses to decode an entry once it is closed', async () => {
    const compact = await open(write(mixed()));
    await compact.close();
    expect(() => compact.get(identityKey(INBOX, 'u1'))).toThrow(/the state was closed/);
  });

  it('tells a no-op without decoding: the contact id and tier for the same body only', async () => {
    const path = write(mixed());
    const compact = await open(path);
    try {
      const declare = (id: string, b: ContactBody) => compact.join?.().declare(contactOf(id, b));
      expect(declare('u1', body('u1'))).toMatchObject({ contact_id: 'contact-u1', tier: 'visitor' });
      // the same query_metadata in another object still counts; another name, inbox or grant does not
      expect(declare('u1', body('u1', { query_metadata: structuredClone(TIER_QM) }))).toMatchObject({
        contact_id: 'contact-u1',
      });
      expect(declare('u2', body('u2', { query_metadata: OTHER_QM }))).toMatchObject({ tier: null });
      expect(declare('u1', body('u1', { name: 'Other' }))).toBe('known');
      expect(declare('u1', body('u1', { query_metadata: OTHER_QM }))).toBe('known');
      expect(declare('u1', body('u1', { avatar: 'https://example.com/a.png' }))).toBe('known');
      expect(declare('u1', body('u1', { inbox: INBOX.toUpperCase() }))).toBe('known');
      // entries not in the common form are left to get and compare
      expect(declare('u4', body('u4', { avatar: 'https://example.com/a.png' }))).toBe('known');
      expect(declare('nobody', body('nobody'))).toBe('absent');
      // a config that writes the inbox id in upper case finds its entry, and tells it by decoding
      const upper = {
        ...contactOf('u1', body('u1', { inbox: INBOX.toUpperCase() })),
        inboxId: INBOX.toUpperCase(),
      };
      expect(compact.join?.().declare(upper)).toBe('known');
    } finally {
      await compact.close();
    }
  });

  it('joins declared contacts in any order, once each, and leaves the others over', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(3, '0')}`);
    const path = write(ids.map((id) => entryFromInput(input(id), undefined)));
    const compact = await open(path);
    try {
      for (const order of [ids, [...ids].reverse(), ids.filter((_, i) => i % 3 !== 1)]) {
        const join = compact.join?.();
        for (const id of order) {
          expect(join?.declare(contactOf(id))).toMatchObject({
            contact_id: `contact-${id}`,
          });
        }
        expect(join?.declare(contactOf(order[0] as string))).toBe('twice');
        expect(join?.declare(contactOf('m0105'))).toBe('absent');
        const left = ids.filter((id) => !order.includes(id)).map((id) => identityKey(INBOX, id));
        expect([...(join?.undeclared() ?? [])]).toEqual(left);
      }
    } finally {
      await compact.close();
    }
  });

  it('joins a state whose entries are out of order, or changed by the journal', async () => {
    const ids = ['m3', 'm1', 'm2'];
    const entries = ids.map((id) => entryFromInput(input(id), undefined));
    const path = join(tempDir('mai-compact-'), 'contacts.state.json');
    const text = encodeState({
      lineage: 'l-1',
      serial: 3,
      entries: new Map(entries.map((e) => [e.identity, e])),
    });
    // the same lines, m3 first: not the order encodeState writes
    const lines = text.split('\n');
    const first = lines.indexOf('  "contacts": [') + 1;
    const strip = (line: string) => line.replace(/,$/, '');
    const [l1, l2, l3] = lines.slice(first, first + 3).map(strip) as [string, string, string];
    lines.splice(first, 3, `${l3},`, `${l1},`, l2);
    writeFileSync(path, lines.join('\n'));
    const unordered = await open(path);
    const pass = unordered.join?.();
    for (const id of ['m1', 'm2', 'm3'])
      expect(pass?.declare(contactOf(id))).toMatchObject({ contact_id: `contact-${id}` });
    expect(unordered.get(identityKey(INBOX, 'm2'))?.contact_id).toBe('contact-m2');
    await unordered.close();
    const writer = await openState(path, { lock: true });
    await writer.record(input('m0'));
    await writer.remove(identityKey(INBOX, 'm2'));
    await writer.close();
    const compact = await open(path);
    try {
      expect([...compact.identities()].sort()).toEqual(
        ['m0', 'm1', 'm3'].map((id) => identityKey(INBOX, id)),
      );
      const j = compact.join?.();
      expect(j?.declare(contactOf('m1'))).toMatchObject({ contact_id: 'contact-m1' });
      expect(j?.declare(contactOf('m0'))).toBe('known');
      expect(j?.declare(contactOf('m2'))).toBe('absent');
      expect([...(j?.undeclared() ?? [])]).toEqual([identityKey(INBOX, 'm3')]);
    } finally {
      await compact.close();
    }
  });
});

/** openState of the built modules (dist/): a compact PostgreSQL store's rows read in a worker thread. */
const builtOpenState = async (): Promise<typeof openState> => {
  expect(existsSync(join(REPO_ROOT, 'dist/state/postgres/postgres-state-worker.js'))).toBe(true);
  const built = (await import(pathToFileURL(join(REPO_ROOT, 'dist/state/open-state.js')).href)) as {
    openState: typeof openState;
  };
  return built.openState;
};

describe.skipIf(NO_POSTGRES).each([
  ['in the main thread', () => Promise.resolve(openState)],
  ['in a worker thread', builtOpenState],
])('a compact PostgreSQL store, its rows read %s', (_, opener) => {
  process.env['PGPASSWORD'] = POSTGRES.password;
  const open = async (url: string, compact = true): Promise<StateStore> =>
    (await opener())(url, { lock: false, compact });

  async function seeded(entries: StateEntry[]): Promise<string> {
    const url = freshStateUrl('compact');
    const writer = await openState(url, { lock: true });
    await writer.copyFrom({ lineage: 'l-1', serial: 3, entries });
    await writer.close();
    return url;
  }

  it('holds the entries a full read holds, and joins them as the file store does', async () => {
    const url = await seeded(mixed());
    const writer = await openState(url, { lock: true });
    await writer.record(input('u9', { body: body('u9', { name: 'Later' }) }));
    await writer.remove(identityKey(INBOX, 'u2'));
    await writer.close();
    const full = await open(url, false);
    const compact = await open(url);
    try {
      expect(compact.size).toBe(full.size);
      expect([...compact.identities()].sort()).toEqual([...full.identities()].sort());
      for (const entry of full.entries()) {
        expect(compact.get(entry.identity)).toEqual(entry);
        expect(compact.find(entry.address)).toEqual(entry);
      }
      const pass = compact.join?.();
      expect(pass?.declare(contactOf('u1'))).toMatchObject({ contact_id: 'contact-u1', tier: 'visitor' });
      expect(pass?.declare(contactOf('u9', body('u9', { name: 'Later' })))).toMatchObject({
        contact_id: 'contact-u9',
      });
      expect(pass?.declare(contactOf('u3', body('u3')))).toBe('known'); // its name has escapes
      expect(pass?.declare(contactOf('u2'))).toBe('absent');
      expect(pass?.declare(contactOf('u1'))).toBe('twice');
      expect([...(pass?.undeclared() ?? [])].sort()).toEqual(
        [...full.identities()]
          .filter((id) => !['u1', 'u9', 'u3'].some((s) => id === identityKey(INBOX, s)))
          .sort(),
      );
    } finally {
      await compact.close();
    }
  });

  it("reads any entries the state module writes as a full read does, the COPY format's own characters too", async () => {
    const char = fc.oneof(
      fc.constantFrom('\t', '\n', '\r', '\\', 'N', '"', '/', '\b', '\u007f', '\u2028', '名', '😀'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(arbitraryEntries(fc.string({ unit: char, maxLength: 8 }), 5), async (entries) => {
        const url = await seeded(entries);
        const full = await open(url, false);
        const compact = await open(url);
        try {
          expect(compact.size).toBe(entries.length);
          for (const entry of full.entries()) expect(compact.get(entry.identity)).toEqual(entry);
        } finally {
          await compact.close();
          await full.close();
        }
      }),
      { numRuns: 12 },
    );
  });

  it('finds a row whose inbox is not in lower case, by its identity', async () => {
    const url = await seeded([
      entryFromInput(input('u1'), undefined),
      entryFromInput(input('u2'), undefined),
    ]);
    const schema = new URL(url).searchParams.get('schema') as string;
    await withAdmin((db) =>
      db.query(`UPDATE "${schema}".contacts SET inbox = upper(inbox), body = $1 WHERE source_id = 'u2'`, [
        JSON.stringify({ ...body('u2', { inbox: INBOX.toUpperCase() }), query_metadata: null }),
      ]),
    );
    const compact = await open(url);
    try {
      expect(compact.get(identityKey(INBOX, 'u2'))).toMatchObject({ contact_id: 'contact-u2' });
      const pass = compact.join?.();
      expect(pass?.declare(contactOf('u1'))).toMatchObject({ contact_id: 'contact-u1' });
      expect(pass?.declare(contactOf('u2'))).toBe('known');
    } finally {
      await compact.close();
    }
  });
  it('reads the rows as they were when it opened, whatever is written meanwhile', async () => {
    const url = await seeded(mixed());
    const schema = new URL(url).searchParams.get('schema') as string;
    // The rows are read while a writer holds them: the reader waits for nothing, and sees none of it.
    const compact = await withAdmin(async (db) => {
      await db.query('BEGIN');
      await db.query(`UPDATE "${schema}".contacts SET contact_id = 'changed' WHERE source_id = 'u1'`);
      await db.query(`DELETE FROM "${schema}".contacts WHERE source_id = 'u2'`);
      const store = await open(url);
      await db.query('COMMIT');
      return store;
    });
    try {
      expect(compact.size).toBe(mixed().length);
      expect(compact.get(identityKey(INBOX, 'u1'))?.contact_id).toBe('contact-u1');
      expect(compact.get(identityKey(INBOX, 'u2'))?.contact_id).toBe('contact-u2');
    } finally {
      await compact.close();
    }
    const later = await open(url);
    expect(later.get(identityKey(INBOX, 'u1'))?.contact_id).toBe('changed');
    expect(later.get(identityKey(INBOX, 'u2'))).toBeUndefined();
    await later.close();
  });

  it('reads the rows of a table without statistics in the index order, unsorted', async () => {
    const url = await seeded(mixed());
    const schema = new URL(url).searchParams.get('schema') as string;
    const plan = await withAdmin(async (db) => {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // A planner that would rather sort (as it would for a million rows it has no statistics of).
      await db.query('SET LOCAL random_page_cost = 1000');
      for (const setting of BRIEF_ROWS_SETTINGS) await db.query(setting);
      // The COPY's query, explained on its own.
      const query = /^COPY \((.*)\) TO STDOUT$/s.exec(briefRowsQuery(`"${schema}"`, "'default'", []))?.[1];
      expect(query).toBeDefined();
      const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${query}`);
      await db.query('ROLLBACK');
      return JSON.stringify(rows[0]?.['QUERY PLAN']);
    });
    expect(plan).toContain('"Index Name":"contacts_pkey"');
    expect(plan).not.toContain('"Node Type":"Sort"');
  });

  it('fails with a StateError, without the password, when the connection reading the rows is lost', async () => {
    const url = await seeded(mixed());
    const schema = new URL(url).searchParams.get('schema') as string;
    const error = await withAdmin(async (db) => {
      // The contacts are locked: the read of their rows waits, and its connection is terminated.
      await db.query('BEGIN');
      await db.query(`LOCK TABLE "${schema}".contacts IN ACCESS EXCLUSIVE MODE`);
      const opening = errorOf(open(url));
      // Looked for from another connection (a transaction sees one view of pg_stat_activity).
      await withAdmin(async (watcher) => {
        for (;;) {
          const { rows } = await watcher.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'
               AND datname = current_database() AND query LIKE '%' || $1 || '%'`,
            [schema],
          );
          if (rows.length > 0) {
            await watcher.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      const failure = await opening;
      await db.query('ROLLBACK');
      return failure;
    });
    expect(error.name).toBe('StateError');
    expect(error.message).toMatch(/^state database postgres:\/\/.*schema=compact_.*terminat/);
    expect(error.message).not.toContain(POSTGRES.password);
  });
});

describe('briefName (a PostgreSQL row in the common form)', () => {
  // The form as a pattern: the name group, when the row's own source_id and inbox are the others.
  const FORM =
    // eslint-disable-next-line no-control-regex -- JSON strings hold no raw control characters
    /^\{"name":"([^"\\\x00-\x1f]*)","source_id":"([^"\\\x00-\x1f]*)","inbox":"([^"\\\x00-\x1f]*)","query_metadata":null\}$/;
  const byPattern = (text: string, sourceId: string, inbox: string): string | undefined => {
    const m = FORM.exec(text);
    return m && m[2] === sourceId && m[3] === inbox ? m[1] : undefined;
  };

  it('gives the name of exactly the bodies the pattern of the form matches', () => {
    const part = fc.string({
      unit: fc.constantFrom('a', 'B', '"', '\\', '\n', ',', ':', '{', '}', '\u540d'),
    });
    const texts = fc
      .tuple(part, part, part, part)
      .chain(([name, sid, inbox, other]) =>
        fc.tuple(
          fc.constantFrom(
            `{"name":"${name}","source_id":"${sid}","inbox":"${inbox}","query_metadata":null}`,
            `{"name":"${name}","source_id":"${other}","inbox":"${inbox}","query_metadata":null}`,
            `{"name":"${name}","source_id":"${sid}","inbox":"${inbox}","query_metadata":null} `,
            `{"name":"${name}","source_id":"${sid}","inbox":"${inbox}","avatar":"${other}","query_metadata":null}`,
            `{"name":"${name}${other}","source_id":"${sid}","inbox":"${inbox}","query_metadata":null}`,
            JSON.stringify({ name, source_id: sid, inbox, query_metadata: null }),
          ),
          fc.constant(sid),
          fc.constant(inbox),
        ),
      );
    fc.assert(
      fc.property(texts, ([text, sid, inbox]) => {
        expect(briefName(text, sid, inbox)).toBe(byPattern(text, sid, inbox));
      }),
      { numRuns: 2000 },
    );
    expect(briefName(JSON.stringify(body('u1', { query_metadata: null as never })), 'u1', INBOX)).toBe(
      body('u1').name,
    );
  });
});

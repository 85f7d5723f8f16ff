/**
 * Entries <-> rows. A contact row keeps its last applied body with `query_metadata` set to null (its
 * place kept, so the body reads back in the same key order) and a reference to a shared
 * `query_metadata` row, keyed by the digest of its JSON (all contacts of a tier share one).
 */
import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { StateError } from '../../errors.js';
import { digestBody } from '../../resolve/canonical-body.js';
import { deepFreeze } from '../../resolve/deep-freeze.js';
import type { ContactBody, QueryMetadata } from '../../resolve/types.js';
import { identityKey } from '../../resolve/identity.js';
import {
  CompactEntries,
  NEEDS_ESCAPE,
  TextColumn,
  type ColumnData,
  type CompactColumns,
  type DecodeEntry,
} from '../compact-entries.js';
import type { StateEntry } from '../types.js';
import { readCopyText, type CopyRow } from './copy-text.js';
import { quoteIdent } from './schema.js';
import { escapeRegExp } from '../../util/escape-regexp.js';

const digests = new WeakMap<object, { digest: string; json: string }>();

export function queryMetadataRow(qm: QueryMetadata): { digest: string; json: string } {
  let row = digests.get(qm);
  if (!row) {
    const json = JSON.stringify(qm);
    row = { digest: createHash('sha256').update(json).digest('hex'), json };
    digests.set(qm, row);
  }
  return row;
}

export interface LoadedWorkspace {
  exists: boolean;
  lineage: string | undefined;
  serial: number;
  entries: Map<string, StateEntry>;
  /** Digests of the shared query_metadata rows the entries refer to. */
  queryMetadata: string[];
}

const COLUMNS =
  'inbox, source_id, address, contact_id, tier, body, query_metadata, digest, created_at, updated_at';

/** Reads one workspace; call inside a REPEATABLE READ transaction (or under the lock) for one snapshot. */
export async function loadWorkspace(
  client: ClientBase,
  schema: string,
  workspace: string,
): Promise<LoadedWorkspace> {
  const s = quoteIdent(schema);
  const head = await workspaceHead(client, s, workspace);
  const entries = new Map<string, StateEntry>();
  if (!head) return { exists: false, lineage: undefined, serial: 0, entries, queryMetadata: [] };
  const pool = await queryMetadataPool(client, s, workspace);
  const contacts = await client.query<unknown[]>({
    text: `SELECT ${COLUMNS} FROM ${s}.contacts WHERE workspace = $1`,
    values: [workspace],
    rowMode: 'array',
  });
  for (const row of contacts.rows) {
    const [inbox, sourceId, address, contactId, tier, body, qmDigest, digest, createdAt, updatedAt] = row as [
      string,
      string,
      string,
      string,
      string | null,
      ContactBody,
      string,
      string,
      string,
      string,
    ];
    body.query_metadata = pool.get(qmDigest) as QueryMetadata;
    const identity = identityKey(inbox, sourceId);
    entries.set(identity, {
      identity,
      inbox,
      source_id: sourceId,
      address,
      contact_id: contactId,
      tier,
      body,
      digest,
      created_at: createdAt,
      updated_at: updatedAt,
    });
  }
  return {
    exists: true,
    lineage: head.lineage,
    serial: Number(head.serial),
    entries,
    queryMetadata: [...pool.keys()],
  };
}

/** loadWorkspace for a compact store (OpenStateOptions.compact): the entries kept brief, in columns. */
export interface BriefWorkspace {
  exists: boolean;
  lineage: string | undefined;
  serial: number;
  entries: CompactEntries;
}

/**
 * The compact read's rows, in order of identity, as `COPY … TO STDOUT` sends them (a simple query: its
 * values are literals): `workspace` the workspace, `digests` the pool's digests (each row's
 * query_metadata comes as its place among them). Each is quoted by the caller (escapeLiteral).
 */
export const briefRowsQuery = (s: string, workspace: string, digests: readonly string[]): string =>
  `COPY (SELECT inbox, source_id, contact_id, tier,
       array_position(ARRAY[${digests.join(', ')}]::text[], query_metadata), body, address, digest,
       created_at, updated_at
     FROM ${s}.contacts WHERE workspace = ${workspace} ORDER BY inbox, source_id) TO STDOUT`;

/** The number of columns briefRowsQuery selects. */
const BRIEF_COLUMNS = 10;

/**
 * Set in the read's transaction before briefRowsQuery: the rows come in the primary key's order, by an
 * index scan, never sorted. A table just written (a state migrated or seeded in bulk) has no statistics
 * until autovacuum analyzes it, and the planner, expecting a few thousand rows, would read a million
 * with a bitmap scan and sort them on disk before the first came out: some 3.5 s of the server's time
 * at a million contacts, on every read until then.
 */
export const BRIEF_ROWS_SETTINGS = ['SET LOCAL enable_sort = off'];

/**
 * The name of a stored body in the common form, as putColumns writes it for the row's own `sourceId` and
 * `inbox`: `{"name":NAME,"source_id":SOURCE_ID,"inbox":INBOX,"query_metadata":null}`, each a JSON string
 * without escapes (query_metadata null, in its place); undefined for a body in any other form. One match
 * of the inbox's own pattern (made once per inbox), which also finds that no part needs an escape:
 * irregexp's loop over the characters, where comparing the parts one by one cost a builtin call each.
 */
export function briefName(text: string, sourceId: string, inbox: string): string | undefined {
  const match = briefForm(inbox)?.exec(text);
  return match && match[2] === sourceId ? match[1] : undefined;
}

/** A JSON string's text without escapes: no quote, no backslash, no control character. */
const PLAIN = String.raw`[^"\\\x00-\x1f]*`;

const briefForms = new Map<string, RegExp | null>();

/** The pattern of the common form of a body of `inbox` (null when the inbox itself needs an escape). */
function briefForm(inbox: string): RegExp | null {
  let form = briefForms.get(inbox);
  if (form === undefined) {
    form = NEEDS_ESCAPE.test(inbox)
      ? null
      : new RegExp(
          `^\\{"name":"(${PLAIN})","source_id":"(${PLAIN})","inbox":"${escapeRegExp(inbox)}","query_metadata":null\\}$`,
        );
    // A state has a few inboxes; a pattern for each of many would be kept for nothing.
    if (briefForms.size < 64) briefForms.set(inbox, form);
  }
  return form;
}

/** The rest of a brief entry's row, in columns beside: its address and times. */
interface BriefRest {
  address: TextColumn;
  created: TextColumn;
  updated: TextColumn;
}

/**
 * A brief entry made whole from what is kept of it and of its row (`rest`). Its digest is not kept: it
 * is the body's (digestBody), made again from the body when the entry is.
 */
function briefDecoder(rest: BriefRest): DecodeEntry {
  return (brief) => {
    const body: ContactBody = {
      name: brief.name,
      source_id: brief.source_id,
      inbox: brief.inbox,
      query_metadata: brief.queryMetadata,
    };
    return {
      identity: brief.identity,
      inbox: brief.inbox,
      source_id: brief.source_id,
      address: rest.address.at(brief.index),
      contact_id: brief.contact_id,
      tier: brief.tier,
      body,
      digest: digestBody(body),
      created_at: rest.created.at(brief.index),
      updated_at: rest.updated.at(brief.index),
    };
  };
}

/**
 * loadWorkspace, kept small (compact stores): the rows streamed by a COPY (copy-text.ts), in order of
 * identity, the body as the text stored; a contact whose body is in the common form (its
 * own inbox, lower-case, and source_id, no avatar) is kept brief, the rest of its row (address, digest,
 * times) in columns beside, and made a whole entry only when asked for.
 */
export async function loadBriefWorkspace(
  client: ClientBase,
  schema: string,
  workspace: string,
): Promise<BriefWorkspace> {
  const { exists, lineage, serial, entries } = await readBriefWorkspace(client, schema, workspace);
  return { exists, lineage, serial, entries };
}

/**
 * What a worker thread hands over of the workspace it read (briefWorkspaceColumns), structured-cloneable:
 * the query_metadata pool as read (digest and body), the entries' columns referring to it by index.
 */
export interface BriefWorkspaceColumns {
  exists: boolean;
  lineage: string | undefined;
  serial: number;
  pool: [string, QueryMetadata][];
  columns: CompactColumns;
  rest: { address: ColumnData; created: ColumnData; updated: ColumnData };
}

/** loadBriefWorkspace in a worker thread (postgres-state-worker.ts): what it read, to hand over. */
export async function briefWorkspaceColumns(
  client: ClientBase,
  schema: string,
  workspace: string,
): Promise<BriefWorkspaceColumns> {
  const read = await readBriefWorkspace(client, schema, workspace);
  const pool = [...read.pool];
  const places = new Map(pool.map(([, qm], i) => [qm, i]));
  const indexOf = (qm: QueryMetadata | undefined): number => (qm === undefined ? -1 : (places.get(qm) ?? -1));
  const columns = read.entries.columns(indexOf);
  // Entries known in full refer to their query_metadata by its place in the pool (not a copy each).
  columns.full = columns.full.map(([at, entry]) => [
    at,
    { ...entry, body: { ...entry.body, query_metadata: indexOf(entry.body.query_metadata) as never } },
  ]);
  return {
    exists: read.exists,
    lineage: read.lineage,
    serial: read.serial,
    pool,
    columns,
    rest: {
      address: read.rest.address.data(),
      created: read.rest.created.data(),
      updated: read.rest.updated.data(),
    },
  };
}

/** The workspace a worker thread read (briefWorkspaceColumns), as loadBriefWorkspace gives it. */
export function briefWorkspaceFromColumns(data: BriefWorkspaceColumns): BriefWorkspace {
  const pool = data.pool.map(([digest, body]) => pooled(digest, body));
  const at = (index: number): QueryMetadata => pool[index] as QueryMetadata;
  const rest = {
    address: TextColumn.of(data.rest.address),
    created: TextColumn.of(data.rest.created),
    updated: TextColumn.of(data.rest.updated),
  };
  const entries = CompactEntries.fromColumns(
    data.columns,
    at,
    (_, entry) => ({
      ...entry,
      body: { ...entry.body, query_metadata: at(entry.body.query_metadata as never) },
    }),
    briefDecoder(rest),
  );
  return { exists: data.exists, lineage: data.lineage, serial: data.serial, entries };
}

async function readBriefWorkspace(
  client: ClientBase,
  schema: string,
  workspace: string,
): Promise<BriefWorkspace & { pool: Map<string, QueryMetadata>; rest: BriefRest }> {
  const s = quoteIdent(schema);
  const head = await workspaceHead(client, s, workspace);
  const rest = { address: new TextColumn(), created: new TextColumn(), updated: new TextColumn() };
  const entries = new CompactEntries(briefDecoder(rest));
  if (!head) {
    return { exists: false, lineage: undefined, serial: 0, entries, pool: new Map(), rest };
  }
  const pool = await queryMetadataPool(client, s, workspace);
  // A row's query_metadata comes as its place in the pool (1, 2, …; null when the pool lacks it), not
  // its digest: a few bytes, not 64, and no lookup by digest, a row.
  const pooledQm = [...pool.values()];
  for (const setting of BRIEF_ROWS_SETTINGS) await client.query(setting);
  const copy = client.query(
    copyTo(
      briefRowsQuery(
        s,
        client.escapeLiteral(workspace),
        [...pool.keys()].map((digest) => client.escapeLiteral(digest)),
      ),
    ),
  );
  let lastInbox = '';
  let lower = false;
  const onRow = (row: CopyRow): void => {
    const inbox = row[0] as string;
    const sourceId = row[1] as string;
    const place = row[4];
    const queryMetadata = (place === null ? undefined : pooledQm[Number(place) - 1]) as QueryMetadata;
    const bodyText = row[5] as string;
    if (inbox !== lastInbox) {
      lastInbox = inbox;
      lower = inbox === inbox.toLowerCase();
    }
    const name = lower && queryMetadata ? briefName(bodyText, sourceId, inbox) : undefined;
    let added: boolean;
    if (name !== undefined) {
      added = entries.addBrief(inbox, sourceId, row[2] as string, row[3] ?? null, name, queryMetadata, -1, 0);
      rest.address.push(row[6] as string);
      rest.created.push(row[8] as string);
      rest.updated.push(row[9] as string);
    } else {
      const body = JSON.parse(bodyText) as ContactBody;
      body.query_metadata = queryMetadata;
      added = entries.addFull({
        identity: identityKey(inbox, sourceId),
        inbox,
        source_id: sourceId,
        address: row[6] as string,
        contact_id: row[2] as string,
        tier: row[3] ?? null,
        body,
        digest: row[7] as string,
        created_at: row[8] as string,
        updated_at: row[9] as string,
      });
      for (const column of [rest.address, rest.created, rest.updated]) column.push('');
    }
    if (!added) {
      throw new StateError(
        `state workspace ${workspace}: contact ${identityKey(inbox, sourceId)} is listed twice`,
      );
    }
  };
  const onBlock = (): void => {
    entries.flush();
    for (const column of [rest.address, rest.created, rest.updated]) column.flush();
  };
  await readCopyText(
    copy,
    BRIEF_COLUMNS,
    onRow,
    onBlock,
    (why) =>
      new StateError(`state workspace ${workspace}: the server sent a row that cannot be read (${why})`),
  );
  return { exists: true, lineage: head.lineage, serial: Number(head.serial), entries, pool, rest };
}

/** The shared query_metadata the workspace's contacts refer to, by digest (frozen, their JSON noted). */
/** A workspace's lineage and serial, or undefined when it does not exist yet. */
async function workspaceHead(
  client: ClientBase,
  s: string,
  workspace: string,
): Promise<{ lineage: string; serial: string } | undefined> {
  const ws = await client.query<{ lineage: string; serial: string }>(
    `SELECT lineage, serial FROM ${s}.workspaces WHERE name = $1`,
    [workspace],
  );
  return ws.rows[0];
}

async function queryMetadataPool(
  client: ClientBase,
  s: string,
  workspace: string,
): Promise<Map<string, QueryMetadata>> {
  const pool = new Map<string, QueryMetadata>();
  const qm = await client.query<{ digest: string; body: QueryMetadata }>(
    // Each shared row probed for a contact of the workspace by the contacts' query_metadata index: a
    // handful of probes, not a pass over every contact (a million rows, some 200 ms of server time).
    `SELECT digest, body FROM ${s}.query_metadata q
     WHERE EXISTS (SELECT 1 FROM ${s}.contacts c WHERE c.query_metadata = q.digest AND c.workspace = $1)`,
    [workspace],
  );
  for (const row of qm.rows) pool.set(row.digest, pooled(row.digest, row.body));
  return pool;
}

/** A query_metadata row's body, frozen and its JSON noted (queryMetadataRow), to be shared. */
function pooled(digest: string, body: QueryMetadata): QueryMetadata {
  digests.set(body, { digest, json: JSON.stringify(body) });
  return deepFreeze(body);
}

export type RowOp = { op: 'put'; entry: StateEntry } | { op: 'rm'; inbox: string; source_id: string };

interface Statement {
  name?: string;
  text: string;
  values: unknown[];
}

/** The contact rows of `entries` as ten column arrays (for unnest), and their shared query_metadata. */
function putColumns(entries: readonly StateEntry[]): { cols: unknown[][]; qm: Map<string, string> } {
  const qm = new Map<string, string>();
  const cols: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  for (const e of entries) {
    const row = queryMetadataRow(e.body.query_metadata);
    qm.set(row.digest, row.json);
    const values = [
      e.inbox,
      e.source_id,
      e.address,
      e.contact_id,
      e.tier,
      JSON.stringify({ ...e.body, query_metadata: null }),
      row.digest,
      e.digest,
      e.created_at,
      e.updated_at,
    ];
    values.forEach((v, i) => (cols[i] as unknown[]).push(v));
  }
  return { cols, qm };
}

/*
 * Writers and the sweep of unreferenced query_metadata rows (sweepQueryMetadata) exclude each other with
 * a transaction advisory lock of the schema: a write holds it shared from before it looks for its
 * query_metadata rows until it commits, the sweep holds it exclusive while it deletes. So a row a write
 * in flight found present, and is about to refer to, is never removed under it; and a write that waited
 * for a sweep inserts again whatever the sweep removed (ON CONFLICT looks at the rows as they are now).
 * The lock lives in the server's memory: it costs a write no row lock and no WAL.
 */
export function sweepLockKey(schema: string): string {
  return createHash('sha256')
    .update(`mai-contacts query_metadata\0${schema}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

const QM_UPSERT = (s: string, digests: string, bodies: string, guard: string): string =>
  `INSERT INTO ${s}.query_metadata (digest, body) SELECT * FROM unnest(${digests}::text[], ${bodies}::json[])${guard}
   ON CONFLICT (digest) DO NOTHING`;

const CONTACTS_UPSERT = (s: string, first: number, guard: string): string => {
  const params = Array.from({ length: 11 }, (_, i) => `$${first + i}`);
  const types = ['text', 'text', 'text', 'text', 'text', 'json', 'text', 'text', 'text', 'text'];
  return `INSERT INTO ${s}.contacts (workspace, ${COLUMNS})
   SELECT ${params[0] as string}, * FROM unnest(${types.map((t, i) => `${params[i + 1] as string}::${t}[]`).join(', ')})${guard}
   ON CONFLICT (workspace, inbox, source_id) DO UPDATE SET address = EXCLUDED.address,
     contact_id = EXCLUDED.contact_id, tier = EXCLUDED.tier, body = EXCLUDED.body,
     query_metadata = EXCLUDED.query_metadata, digest = EXCLUDED.digest,
     created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`;
};

/** The statements that write `entries` (their shared query_metadata first), inserting or replacing rows. */
function putStatements(s: string, workspace: string, entries: readonly StateEntry[]): Statement[] {
  // Called inside a transaction that holds the sweep lock shared (replaceWorkspace).
  if (entries.length === 0) return [];
  const { cols, qm } = putColumns(entries);
  return [
    { text: QM_UPSERT(s, '$1', '$2', ''), values: [[...qm.keys()], [...qm.values()]] },
    { text: CONTACTS_UPSERT(s, 1, ''), values: [workspace, ...cols] },
  ];
}

async function inTransaction(client: ClientBase, body: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await body();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The one statement that writes a group of changes and the workspace's new serial: a single statement
 * is its own transaction, so a group costs one round trip to the server (and one commit). Data-modifying
 * WITH clauses all run; each writes only when the workspace row was written (it is still this state's).
 */
function groupStatement(
  s: string,
  init: { schema: string; workspace: string; lineage: string; serial: number },
  puts: readonly StateEntry[],
  rms: readonly { inbox: string; source_id: string }[],
): Statement {
  const { cols, qm } = putColumns(puts);
  const guard = ' WHERE EXISTS (SELECT 1 FROM head)';
  // The sweep lock, taken (shared) before the query_metadata rows are looked for: see sweepLockKey.
  const qmGuard = `${guard} AND EXISTS (SELECT 1 FROM gate)`;
  return {
    // Named: the server parses it once per connection, not once per group.
    name: `mai-contacts-write-group-${createHash('sha256').update(s).digest('hex').slice(0, 16)}`,
    text: `WITH head AS (
       INSERT INTO ${s}.workspaces (name, lineage, serial) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET serial = EXCLUDED.serial, updated_at = now()
       WHERE workspaces.lineage = EXCLUDED.lineage
       RETURNING 1
     ), gate AS (
       SELECT pg_advisory_xact_lock_shared($19::bigint)
     ), qm AS (
       ${QM_UPSERT(s, '$4', '$5', qmGuard)}
     ), put AS (
       ${CONTACTS_UPSERT(s, 8, guard)}
     ), rm AS (
       DELETE FROM ${s}.contacts WHERE workspace = $1
         AND (inbox, source_id) IN (SELECT * FROM unnest($6::text[], $7::text[])) AND EXISTS (SELECT 1 FROM head)
     )
     SELECT count(*)::int AS written FROM head`,
    values: [
      init.workspace,
      init.lineage,
      init.serial,
      [...qm.keys()],
      [...qm.values()],
      rms.map((r) => r.inbox),
      rms.map((r) => r.source_id),
      init.workspace,
      ...cols,
      sweepLockKey(init.schema),
    ],
  };
}

/**
 * Writes a group of changes and the workspace's new serial in one statement (one short transaction).
 * Only the last change of each contact counts (a later one supersedes an earlier one in the same group).
 */
export async function writeRows(
  client: ClientBase,
  init: {
    schema: string;
    workspace: string;
    lineage: string;
    serial: number;
    ops: readonly RowOp[];
  },
): Promise<void> {
  const s = quoteIdent(init.schema);
  const last = new Map<string, RowOp>();
  for (const op of init.ops) {
    const key = op.op === 'put' ? op.entry.identity : identityKey(op.inbox, op.source_id);
    last.delete(key);
    last.set(key, op);
  }
  const puts: StateEntry[] = [];
  const rms: { inbox: string; source_id: string }[] = [];
  for (const op of last.values()) {
    if (op.op === 'put') puts.push(op.entry);
    else rms.push(op);
  }
  const { rows } = await client.query<{ written: number }>(groupStatement(s, init, puts, rms));
  if (rows[0]?.written !== 1) {
    throw new Error(`workspace ${init.workspace} now holds another state (its lineage changed)`);
  }
}

/** Replaces a workspace with a copy (state migrate), in one transaction. */
export async function replaceWorkspace(
  client: ClientBase,
  init: {
    schema: string;
    workspace: string;
    lineage: string;
    serial: number;
    entries: readonly StateEntry[];
  },
): Promise<void> {
  const s = quoteIdent(init.schema);
  await inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [sweepLockKey(init.schema)]);
    await client.query(`DELETE FROM ${s}.workspaces WHERE name = $1`, [init.workspace]);
    await client.query(`INSERT INTO ${s}.workspaces (name, lineage, serial) VALUES ($1, $2, $3)`, [
      init.workspace,
      init.lineage,
      init.serial,
    ]);
    const chunk = 5000;
    for (let i = 0; i < init.entries.length; i += chunk) {
      for (const statement of putStatements(s, init.workspace, init.entries.slice(i, i + chunk)))
        await client.query(statement);
    }
  });
}

/**
 * Removes the shared query_metadata rows that no contact of any workspace refers to any more (a tier's
 * grants changed, its last contact moved or was removed); returns how many. Holds the sweep lock
 * exclusive (see sweepLockKey), so it waits for writes in flight and they for it; the DELETE runs after
 * the lock is granted, so it sees every reference committed before.
 */
export async function sweepQueryMetadata(client: ClientBase, schema: string): Promise<number> {
  const s = quoteIdent(schema);
  let removed = 0;
  await inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [sweepLockKey(schema)]);
    const { rowCount } = await client.query(
      `DELETE FROM ${s}.query_metadata q
       WHERE NOT EXISTS (SELECT 1 FROM ${s}.contacts c WHERE c.query_metadata = q.digest)`,
    );
    removed = rowCount ?? 0;
  });
  return removed;
}

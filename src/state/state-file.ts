/**
 * The state file's text <-> entries. Bodies share their query_metadata through a pool at the top of
 * the file (all contacts of a tier carry the same one), which keeps a 100,000-contact file small and
 * gives entries of the same tier the same object after loading.
 */
import { StateError } from '../errors.js';
import { deepFreeze } from '../resolve/deep-freeze.js';
import type { ContactBody, QueryMetadata } from '../resolve/types.js';
import { TOOL_VERSION } from '../version.js';
import { CompactEntries, type BriefFields, type CompactColumns } from './compact-entries.js';
import { entryOf, storedEntry } from './entry-index.js';
import { stateFileProblem, storedEntryProblem } from './state-schema.js';
import { STATE_VERSION, type StateEntry, type StoredEntry } from './types.js';

export { storedEntry };

export interface DecodedState {
  lineage: string;
  serial: number;
  entries: Map<string, StateEntry>;
}

const REF = /^#\/query_metadata\/(\d+)$/;

export function decodeState(path: string, text: string): DecodedState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateError(
      `${path} is not valid JSON (${(error as Error).message}); it was left as it is: restore it from ` +
        'a backup or version control, or move it away to start a new state',
    );
  }
  const file = checkedEnvelope(path, value, stateFileProblem(value));
  const decoder = new EntryDecoder(path, file.query_metadata);
  const contacts = file.contacts as StoredLine[];
  const entries = new Map<string, StateEntry>();
  for (let i = 0; i < contacts.length; i++) {
    const entry = decoder.entry(contacts[i] as StoredLine, i);
    const count = entries.size;
    entries.set(entry.identity, entry);
    if (entries.size === count) throw listedTwice(path, entry.address, entry.identity);
  }
  return { lineage: file.lineage, serial: file.serial, entries };
}

/**
 * decodeState for a file in the layout encodeState writes (the envelope, then one entry per line), read
 * line by line (`lines`: the file's lines, in batches): a million entries are never one string, and each
 * entry's parse is garbage at once. Resolves undefined when the text is not in that layout (a file
 * formatted by other means, or one that does not parse): decodeState of the whole text then gives the
 * answer, or the error.
 */
export async function decodeStateLines(
  path: string,
  lines: AsyncIterable<readonly string[]>,
): Promise<DecodedState | undefined> {
  const entries = new Map<string, StateEntry>();
  const file = await walkStateLines(path, lines, false, (decoder) => (text, index) => {
    const entry = lineEntry(path, text, index, decoder);
    if (!entry) return false;
    const count = entries.size;
    entries.set(entry.identity, entry);
    if (entries.size === count) throw listedTwice(path, entry.address, entry.identity);
    return true;
  });
  return file && { lineage: file.lineage, serial: file.serial, entries };
}

export interface BriefState {
  lineage: string;
  serial: number;
  entries: CompactEntries;
}

/**
 * A stored entry in the common form, as encodeState writes it: strings without escapes, the body's
 * source_id and inbox its identity's own (the inbox lower-case), no avatar, a pooled query_metadata.
 * Every line it matches is an entry storedEntryProblem accepts (each part is one the schema allows);
 * any other line is parsed and checked in full. Groups: inbox, source_id, address, contact_id, tier
 * (absent for null), name, pool index.
 */
const BRIEF_LINE =
  // eslint-disable-next-line no-control-regex -- JSON strings hold no raw control characters
  /^ {4}\{"inbox":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})","source_id":"([^"\\\x00-\x1f]+)","address":"([^"\\\x00-\x1f]+)","contact_id":"([^"\\\x00-\x1f]+)","tier":(?:null|"([^"\\\x00-\x1f]*)"),"body":\{"name":"([^"\\\x00-\x1f]*)","source_id":"\2","inbox":"\1","query_metadata":\{"\$ref":"#\/query_metadata\/(0|[1-9][0-9]*)"\}\},"digest":"sha256:[0-9a-f]{64}","created_at":"[^"\\\x00-\x1f]*","updated_at":"[^"\\\x00-\x1f]*"\}$/;

/**
 * decodeStateLines for a read-only state that is kept small (CompactEntries): every line is checked as
 * decodeStateLines checks it, but an entry in the common form (BRIEF_LINE) is kept brief, its line's
 * byte offset and length noted, and decoded in full only when asked for, from `read(offset, length)`
 * (the line again, from the same file).
 */
export async function briefStateLines(
  path: string,
  lines: AsyncIterable<readonly string[]>,
  read: (offset: number, length: number) => string,
): Promise<BriefState | undefined> {
  const read_ = await readBrief(path, lines, read);
  return read_ && { lineage: read_.lineage, serial: read_.serial, entries: read_.entries };
}

/**
 * The entry of one line of the line-by-line layout, checked against the schema (a problem is the state
 * file's error at that entry); undefined when the line is not JSON (the caller then reads the file whole).
 */
function lineEntry(path: string, text: string, index: number, decoder: EntryDecoder): StateEntry | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return undefined;
  }
  const problem = storedEntryProblem(stored, index);
  if (problem) throw notAStateFile(path, problem);
  return decoder.entry(stored as StoredLine, index);
}

/** A brief entry decoded from its line again, `read(offset, length)`, by the file's decoder. */
function lineDecoder(
  path: string,
  decoder: () => EntryDecoder,
  read: (offset: number, length: number) => string,
): (brief: BriefFields) => StateEntry {
  return ({ identity, at, length, index }) => {
    const line = read(at, length);
    let stored: unknown;
    try {
      stored = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    } catch {
      stored = undefined;
    }
    const problem = stored === undefined ? 'is not valid JSON' : storedEntryProblem(stored, index);
    const entry = problem ? undefined : decoder().entry(stored as StoredLine, index);
    if (entry?.identity !== identity) {
      throw new StateError(
        `${path} changed while it was read: contacts[${index}] ${problem ?? 'is another contact now'}; it was left as it is`,
      );
    }
    return entry;
  };
}

/** What a worker thread hands over of a state file it read (briefColumns), structured-cloneable. */
export interface BriefColumns {
  lineage: string;
  serial: number;
  /** The file's query_metadata pool, as written. */
  pool: QueryMetadata[];
  columns: CompactColumns;
}

/** briefStateLines in a worker thread: what it read, to hand over (undefined: not in the layout). */
export async function briefColumns(
  path: string,
  lines: AsyncIterable<readonly string[]>,
): Promise<BriefColumns | undefined> {
  const read = await readBrief(path, lines, () => {
    throw new StateError(`${path}: an entry cannot be decoded in the thread that read the file`);
  });
  if (!read) return undefined;
  const { decoder, entries } = read;
  const columns = entries.columns((qm) => decoder.indexOf(qm));
  // Entries known in full refer to their query_metadata by its place in the pool (not a copy each).
  columns.full = columns.full.map(([at, entry]) => [
    at,
    {
      ...entry,
      body: { ...entry.body, query_metadata: decoder.indexOf(entry.body.query_metadata) as never },
    },
  ]);
  return { lineage: read.lineage, serial: read.serial, pool: decoder.raw, columns };
}

/** The state a worker thread read (briefColumns), its entries decoded from `read` when asked for. */
export function briefFromColumns(
  path: string,
  data: BriefColumns,
  read: (offset: number, length: number) => string,
): BriefState {
  const decoder = new EntryDecoder(path, data.pool);
  const entries = CompactEntries.fromColumns(
    data.columns,
    (index) => decoder.pooled(index, 0),
    (at, entry) => ({
      ...entry,
      body: { ...entry.body, query_metadata: decoder.pooled(entry.body.query_metadata as never, at) },
    }),
    lineDecoder(path, () => decoder, read),
  );
  return { lineage: data.lineage, serial: data.serial, entries };
}

async function readBrief(
  path: string,
  lines: AsyncIterable<readonly string[]>,
  read: (offset: number, length: number) => string,
): Promise<(BriefState & { decoder: EntryDecoder }) | undefined> {
  let decoder: EntryDecoder | undefined;
  const decode = lineDecoder(path, () => decoder as EntryDecoder, read);
  const entries = new CompactEntries(decode);
  const file = await walkStateLines(
    path,
    lines,
    true,
    (d) => {
      decoder = d;
      return (text, index, offset, length) => {
        const m = BRIEF_LINE.exec(text);
        if (m) {
          const inbox = m[1] as string;
          const sourceId = m[2] as string;
          const added = entries.addBrief(
            inbox,
            sourceId,
            m[4] as string,
            m[5] ?? null,
            m[6] as string,
            d.pooled(Number(m[7]), index),
            offset,
            length,
          );
          if (!added) throw listedTwice(path, m[3] as string, `${inbox}/${sourceId}`);
          return true;
        }
        const entry = lineEntry(path, text, index, d);
        if (!entry) return false;
        if (!entries.addFull(entry)) throw listedTwice(path, entry.address, entry.identity);
        return true;
      };
    },
    () => entries.flush(),
  );
  entries.flush();
  return file && { lineage: file.lineage, serial: file.serial, entries, decoder: decoder as EntryDecoder };
}

/** Reads one entry's text (without the comma after it): false when it is not JSON. */
type EntrySink = (text: string, index: number, offset: number, length: number) => boolean;

/**
 * Walks the lines of a state file in encodeState's layout: the envelope is checked, then each entry's
 * text goes to the sink made for that envelope's pool, with its line's byte offset and length when
 * `offsets`. Resolves the envelope, or undefined when the text is not in that layout.
 */
async function walkStateLines(
  path: string,
  batches: AsyncIterable<readonly string[]>,
  offsets: boolean,
  sinkFor: (decoder: EntryDecoder) => EntrySink,
  afterBatch?: () => void,
): Promise<Envelope | undefined> {
  let phase: 'header' | 'entries' | 'end' | 'rest' = 'header';
  let header = '';
  let file: Envelope | undefined;
  let sink: EntrySink | undefined;
  let index = 0;
  let last = false;
  let offset = 0;
  for await (const batch of batches) {
    for (const line of batch) {
      const length = offsets ? Buffer.byteLength(line) : 0;
      if (phase === 'entries') {
        if (line === CONTACTS_END) {
          if (index > 0 && !last) return undefined; // a comma after the last entry
          phase = 'end';
        } else {
          if (last || !line.startsWith('    {')) return undefined;
          last = !line.endsWith(',');
          if (!(sink as EntrySink)(last ? line : line.slice(0, -1), index++, offset, length))
            return undefined;
        }
      } else if (phase === 'header') {
        if (line === CONTACTS_START) {
          let envelope: unknown;
          try {
            envelope = JSON.parse(`${header}  "contacts": []\n}`);
          } catch {
            return undefined;
          }
          file = checkedEnvelope(path, envelope, stateFileProblem(envelope));
          sink = sinkFor(new EntryDecoder(path, file.query_metadata));
          phase = 'entries';
        } else {
          header += `${line}\n`;
        }
      } else if (phase === 'end') {
        if (line !== '}') return undefined;
        phase = 'rest';
      } else if (line !== '') {
        return undefined;
      }
      offset += length + 1;
    }
    afterBatch?.();
  }
  return phase === 'rest' ? file : undefined;
}

function listedTwice(path: string, address: string, identity: string): StateError {
  return new StateError(`${path}: contact ${address} (${identity}) is listed twice`);
}

const CONTACTS_START = '  "contacts": [';
const CONTACTS_END = '  ]';

type StoredLine = StoredEntry & { body: { query_metadata: { $ref: string } } };

interface Envelope {
  lineage: string;
  serial: number;
  query_metadata: QueryMetadata[];
  contacts?: unknown[];
}

function notAStateFile(path: string, problem: string): StateError {
  return new StateError(`${path} is not a mai-contacts state file: ${problem}; it was left as it is`);
}

/** The file's envelope once its version and shape are known to be right (`problem`: the shape check). */
function checkedEnvelope(path: string, value: unknown, problem: string | undefined): Envelope {
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > STATE_VERSION) {
    throw new StateError(
      `${path} has state version ${version}; this mai-contacts reads version ${STATE_VERSION}: upgrade it`,
    );
  }
  if (problem) throw notAStateFile(path, problem);
  return value as Envelope;
}

/**
 * Entries from their stored form: one lookup per distinct $ref, and the parsed bodies (the decoder's
 * alone) given their shared, frozen query_metadata in place.
 */
class EntryDecoder {
  private readonly pool: QueryMetadata[];
  private readonly byRef = new Map<string, QueryMetadata>();

  constructor(
    private readonly path: string,
    /** The pool as the file has it. */
    readonly raw: QueryMetadata[],
  ) {
    this.pool = raw.map((qm) => deepFreeze(qm));
  }

  /** The place in the pool of one of its query_metadata. */
  indexOf(qm: QueryMetadata): number {
    return this.pool.indexOf(qm);
  }

  /** The pool's query_metadata `index`, for contacts[i]. */
  pooled(index: number, i: number): QueryMetadata {
    const queryMetadata = this.pool[index];
    if (!queryMetadata) {
      throw new StateError(
        `${this.path}: contacts[${i}] refers to query_metadata ${index}, which does not exist`,
      );
    }
    return queryMetadata;
  }

  entry(stored: StoredLine, i: number): StateEntry {
    const ref = stored.body.query_metadata.$ref;
    let queryMetadata = this.byRef.get(ref);
    if (queryMetadata === undefined) {
      queryMetadata = this.pooled(Number(REF.exec(ref)?.[1]), i);
      this.byRef.set(ref, queryMetadata);
    }
    (stored.body as unknown as ContactBody).query_metadata = queryMetadata;
    return entryOf(stored);
  }
}

export function encodeState(state: DecodedState): string {
  const pool: unknown[] = [];
  const byObject = new Map<object, number>();
  const byText = new Map<string, number>();
  const refOf = (qm: object): string => {
    let index = byObject.get(qm);
    if (index === undefined) {
      const text = JSON.stringify(qm);
      index = byText.get(text);
      if (index === undefined) {
        index = pool.length;
        pool.push(qm);
        byText.set(text, index);
      }
      byObject.set(qm, index);
    }
    return `#/query_metadata/${index}`;
  };
  const identities = [...state.entries.keys()].sort();
  const contacts = identities.map((identity) => {
    const entry = state.entries.get(identity) as StateEntry;
    return JSON.stringify(storedEntry(entry, { $ref: refOf(entry.body.query_metadata) }));
  });
  return (
    '{\n' +
    `  "version": ${STATE_VERSION},\n` +
    `  "lineage": ${JSON.stringify(state.lineage)},\n` +
    `  "serial": ${state.serial},\n` +
    `  "tool_version": ${JSON.stringify(TOOL_VERSION)},\n` +
    `  "query_metadata": [${pool.map((qm) => `\n    ${JSON.stringify(qm)}`).join(',')}${pool.length ? '\n  ' : ''}],\n` +
    `  "contacts": [${contacts.map((c) => `\n    ${c}`).join(',')}${contacts.length ? '\n  ' : ''}]\n` +
    '}\n'
  );
}

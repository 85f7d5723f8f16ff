/**
 * The state file's text <-> entries. Bodies share their query_metadata through a pool at the top of
 * the file (all contacts of a tier carry the same one), which keeps a 100,000-contact file small and
 * gives entries of the same tier the same object after loading.
 */
import { StateError } from '../errors.js';
import { deepFreeze } from '../resolve/deep-freeze.js';
import type { ContactBody, QueryMetadata } from '../resolve/types.js';
import { TOOL_VERSION } from '../version.js';
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
  for (let i = 0; i < contacts.length; i++) decoder.add(contacts[i] as StoredLine, i);
  return { lineage: file.lineage, serial: file.serial, entries: decoder.entries };
}

/**
 * decodeState for a file in the layout encodeState writes (the envelope, then one entry per line), read
 * line by line: a million entries are never one string, and each entry's parse is garbage at once.
 * Resolves undefined when the text is not in that layout (a file formatted by other means, or one that
 * does not parse): decodeState of the whole text then gives the answer, or the error.
 */
export async function decodeStateLines(
  path: string,
  lines: AsyncIterable<string>,
): Promise<DecodedState | undefined> {
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    const step = await iterator.next();
    return step.done ? undefined : step.value;
  };
  let header = '';
  for (let line = await next(); line !== CONTACTS_START; line = await next()) {
    if (line === undefined) return undefined;
    header += `${line}\n`;
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(`${header}  "contacts": []\n}`);
  } catch {
    return undefined;
  }
  const withoutContacts = envelope as { contacts?: unknown };
  const file = checkedEnvelope(path, envelope, stateFileProblem(withoutContacts));
  const decoder = new EntryDecoder(path, file.query_metadata);
  let index = 0;
  let last = false;
  for (let line = await next(); line !== CONTACTS_END; line = await next()) {
    if (line === undefined || last || !line.startsWith('    {')) return undefined;
    last = !line.endsWith(',');
    let stored: unknown;
    try {
      stored = JSON.parse(last ? line : line.slice(0, -1));
    } catch {
      return undefined;
    }
    const problem = storedEntryProblem(stored, index);
    if (problem) throw notAStateFile(path, problem);
    decoder.add(stored as StoredLine, index++);
  }
  if (index > 0 && !last) return undefined; // a comma after the last entry
  if ((await next()) !== '}') return undefined;
  for (let rest = await next(); rest !== undefined; rest = await next()) if (rest !== '') return undefined;
  return { lineage: file.lineage, serial: file.serial, entries: decoder.entries };
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
 * Entries from their stored form: one lookup per distinct $ref, entries built in one shape, and the
 * parsed bodies (the decoder's alone) given their shared, frozen query_metadata in place.
 */
class EntryDecoder {
  readonly entries = new Map<string, StateEntry>();
  private readonly pool: QueryMetadata[];
  private readonly byRef = new Map<string, QueryMetadata>();

  constructor(
    private readonly path: string,
    pool: QueryMetadata[],
  ) {
    this.pool = pool.map((qm) => deepFreeze(qm));
  }

  add(stored: StoredLine, i: number): void {
    const ref = stored.body.query_metadata.$ref;
    let queryMetadata = this.byRef.get(ref);
    if (queryMetadata === undefined) {
      const index = Number(REF.exec(ref)?.[1]);
      queryMetadata = this.pool[index];
      if (!queryMetadata) {
        throw new StateError(
          `${this.path}: contacts[${i}] refers to query_metadata ${index}, which does not exist`,
        );
      }
      this.byRef.set(ref, queryMetadata);
    }
    (stored.body as unknown as ContactBody).query_metadata = queryMetadata;
    const entry = entryOf(stored);
    const count = this.entries.size;
    this.entries.set(entry.identity, entry);
    if (this.entries.size === count) {
      throw new StateError(`${this.path}: contact ${entry.address} (${entry.identity}) is listed twice`);
    }
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

/**
 * The state file's text <-> entries. Bodies share their query_metadata through a pool at the top of
 * the file (all contacts of a tier carry the same one), which keeps a 100,000-contact file small and
 * gives entries of the same tier the same object after loading.
 */
import { StateError } from '../errors.js';
import { deepFreeze } from '../resolve/deep-freeze.js';
import { identityKey } from '../resolve/identity.js';
import type { ContactBody, QueryMetadata } from '../resolve/types.js';
import { TOOL_VERSION } from '../version.js';
import { storedEntry } from './entry-index.js';
import { stateFileProblem } from './state-schema.js';
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
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > STATE_VERSION) {
    throw new StateError(
      `${path} has state version ${version}; this mai-contacts reads version ${STATE_VERSION}: upgrade it`,
    );
  }
  const problem = stateFileProblem(value);
  if (problem)
    throw new StateError(`${path} is not a mai-contacts state file: ${problem}; it was left as it is`);
  const file = value as {
    lineage: string;
    serial: number;
    query_metadata: QueryMetadata[];
    contacts: (StoredEntry & { body: { query_metadata: { $ref: string } } })[];
  };
  const pool = file.query_metadata.map((qm) => deepFreeze(qm));
  // A million entries are read here: one lookup per distinct $ref, entries built in one shape, and the
  // parsed bodies (ours alone) given their shared query_metadata in place.
  const byRef = new Map<string, QueryMetadata>();
  const entries = new Map<string, StateEntry>();
  const contacts = file.contacts;
  for (let i = 0; i < contacts.length; i++) {
    const stored = contacts[i] as (typeof contacts)[number];
    const ref = stored.body.query_metadata.$ref;
    let queryMetadata = byRef.get(ref);
    if (queryMetadata === undefined) {
      const index = Number(REF.exec(ref)?.[1]);
      queryMetadata = pool[index];
      if (!queryMetadata) {
        throw new StateError(
          `${path}: contacts[${i}] refers to query_metadata ${index}, which does not exist`,
        );
      }
      byRef.set(ref, queryMetadata);
    }
    const identity = identityKey(stored.inbox, stored.source_id);
    const body = stored.body as unknown as ContactBody;
    body.query_metadata = queryMetadata;
    const count = entries.size;
    entries.set(identity, {
      identity,
      inbox: stored.inbox.toLowerCase(),
      source_id: stored.source_id,
      address: stored.address,
      contact_id: stored.contact_id,
      tier: stored.tier,
      body,
      digest: stored.digest,
      created_at: stored.created_at,
      updated_at: stored.updated_at,
    });
    if (entries.size === count) {
      throw new StateError(`${path}: contact ${stored.address} (${identity}) is listed twice`);
    }
  }
  return { lineage: file.lineage, serial: file.serial, entries };
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

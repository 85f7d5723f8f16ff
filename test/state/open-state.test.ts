import { existsSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.js';
import { digestBody } from '../../src/resolve/canonical-body.js';
import { identityKey } from '../../src/resolve/identity.js';
import { openState } from '../../src/state/open-state.js';
import { REPO_ROOT } from '../helpers/config.js';
import { INBOX, input } from '../helpers/state.js';
import { tempDir } from '../helpers/tmp.js';

const statePath = () => join(tempDir('mai-contacts-state-'), 'contacts.state.json');
const id = (sourceId: string) => identityKey(INBOX, sourceId);

describe('a new state', () => {
  it('is empty, does not exist, and has no snapshot until something is written', async () => {
    const path = statePath();
    const store = await openState(path, { lock: false });
    expect(store.exists).toBe(false);
    expect(store.snapshot()).toBeNull();
    expect([...store.entries()]).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });
});

describe('record, reload, save', () => {
  it('journals each change without writing the state file, and folds the journal in on load', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true, command: 'test' });
    await store.record(input('u1'));
    await store.record(input('u2'));
    await store.record(input('u1', { contact_id: 'contact-u1-b', tier: 'vip' }));
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(`${path}.journal`, 'utf8').trim().split('\n')).toHaveLength(3);
    await store.close();

    const again = await openState(path, { lock: false });
    expect(again.serial).toBe(3);
    expect(again.lineage).toBe(store.lineage);
    expect(again.get(id('u1'))).toMatchObject({
      contact_id: 'contact-u1-b',
      tier: 'vip',
      address: 'web-chat/u1',
    });
    expect(again.get(id('u2'))?.digest).toBe(digestBody(input('u2').body));
  });

  it('saves atomically: sorted entries, pooled query_metadata, serial bumped, journal emptied, no temp file left', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    for (const s of ['u3', 'u1', 'u2']) await store.record(input(s));
    await store.remove(id('u2'));
    await store.commit();
    expect(store.serial).toBe(5);
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe('');
    await store.close();
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      serial: number;
      query_metadata: unknown[];
      contacts: { source_id: string; body: { query_metadata: unknown } }[];
    };
    expect(file.serial).toBe(5);
    expect(file.contacts.map((c) => c.source_id)).toEqual(['u1', 'u3']);
    expect(file.query_metadata).toHaveLength(1);
    expect(file.contacts[0]?.body.query_metadata).toEqual({ $ref: '#/query_metadata/0' });
    expect(readdirSync(join(path, '..')).sort()).toEqual([
      'contacts.state.json',
      'contacts.state.json.journal',
    ]);

    const again = await openState(path, { lock: false });
    expect([...again.entries()].map((e) => e.source_id).sort()).toEqual(['u1', 'u3']);
    expect(again.get(id('u1'))?.body.query_metadata).toBe(again.get(id('u3'))?.body.query_metadata);
  });

  it('writes a file that validates against schemas/state.schema.json, and journal lines too', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await store.record(input('u1', { body: { ...input('u1').body, avatar: 'https://example.com/a.png' } }));
    await store.commit();
    await store.record(input('u2'));
    await store.remove(id('u1'));
    await store.close();
    const schema = JSON.parse(readFileSync(`${REPO_ROOT}schemas/state.schema.json`, 'utf8')) as {
      $id: string;
    };
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addSchema(schema);
    expect(ajv.validate(schema.$id, JSON.parse(readFileSync(path, 'utf8')))).toBe(true);
    for (const line of readFileSync(`${path}.journal`, 'utf8').trim().split('\n')) {
      expect(ajv.validate(`${schema.$id}#/$defs/journalLine`, JSON.parse(line)), ajv.errorsText()).toBe(true);
    }
  });

  it('skips journal lines already folded into the state file (a crash between rename and truncate)', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await store.record(input('u1'));
    await store.record(input('u2'));
    const journal = readFileSync(`${path}.journal`, 'utf8');
    await store.remove(id('u2'));
    await store.commit();
    await store.close();
    writeFileSync(`${path}.journal`, journal); // the old lines come back, as if truncation never happened
    const again = await openState(path, { lock: false });
    expect(again.get(id('u2'))).toBeUndefined();
    expect(again.serial).toBe(4);
  });

  it('finds entries by address or identity', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await store.record(input('u1'));
    expect(store.find('web-chat/u1')?.source_id).toBe('u1');
    expect(store.find(id('u1'))?.source_id).toBe('u1');
    expect(store.find('web-chat/none')).toBeUndefined();
    await store.close();
  });

  it('refuses writes on a read-only or closed store', async () => {
    const path = statePath();
    const reader = await openState(path, { lock: false });
    await expect(reader.record(input('u1'))).rejects.toThrow('read-only');
    await expect(reader.commit()).rejects.toThrow(StateError);
    const writer = await openState(path, { lock: true });
    await writer.close();
    await expect(writer.record(input('u1'))).rejects.toThrow('closed');
  });

  it('records concurrently: every change lands in the journal, in serial order', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.record(input(`u${i}`))));
    await store.close();
    const serials = readFileSync(`${path}.journal`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { serial: number }).serial);
    expect(serials).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect((await openState(path, { lock: false })).size).toBe(200);
  });
});

describe('damage', () => {
  it('ignores a torn last journal line, says so, and cuts it off before appending', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await store.record(input('u1'));
    await store.close();
    appendFileSync(`${path}.journal`, '{"serial":2,"lineage":"x","op":"pu');
    const reader = await openState(path, { lock: false });
    expect(reader.size).toBe(1);
    expect(reader.notices.join()).toContain('torn');

    const writer = await openState(path, { lock: true });
    await writer.record(input('u2'));
    await writer.close();
    const lines = readFileSync(`${path}.journal`, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { serial: number }).serial)).toEqual([1, 2]);
  });

  it('refuses a corrupted journal line in the middle, naming file and line', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await store.record(input('u1'));
    await store.close();
    const good = readFileSync(`${path}.journal`, 'utf8');
    writeFileSync(`${path}.journal`, `garbage\n${good}`);
    await expect(openState(path, { lock: false })).rejects.toThrow(`${path}.journal:1`);
  });

  it.each([
    ['not JSON', '{"version": 1, "lineage": '],
    [
      'the wrong shape',
      '{"version": 1, "lineage": "l", "serial": "one", "query_metadata": [], "contacts": []}',
    ],
    ['an empty file', ''],
  ])('refuses a state file that is %s, and leaves it untouched, lock released', async (_what, text) => {
    const path = statePath();
    writeFileSync(path, text);
    await expect(openState(path, { lock: true })).rejects.toThrow(StateError);
    await expect(openState(path, { lock: true })).rejects.toThrow(path);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('refuses a state written by a newer version', async () => {
    const path = statePath();
    writeFileSync(path, '{"version": 2}');
    await expect(openState(path, { lock: false })).rejects.toThrow('version 2');
  });

  it('refuses a dangling query_metadata reference and a duplicated contact', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await store.record(input('u1'));
    await store.commit();
    await store.close();
    const file = JSON.parse(readFileSync(path, 'utf8')) as { query_metadata: unknown[]; contacts: unknown[] };
    writeFileSync(path, JSON.stringify({ ...file, query_metadata: [] }));
    await expect(openState(path, { lock: false })).rejects.toThrow('does not exist');
    writeFileSync(path, JSON.stringify({ ...file, contacts: [file.contacts[0], file.contacts[0]] }));
    await expect(openState(path, { lock: false })).rejects.toThrow('listed twice');
  });

  it('refuses a journal from another lineage', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await store.record(input('u1'));
    await store.commit();
    await store.record(input('u2'));
    await store.close();
    const file = JSON.parse(readFileSync(path, 'utf8')) as object;
    writeFileSync(path, JSON.stringify({ ...file, lineage: 'another' }));
    await expect(openState(path, { lock: false })).rejects.toThrow('another state');
  });
});

describe('record', () => {
  it('refuses a malformed entry before writing anything, so the journal stays loadable', async () => {
    const path = statePath();
    const store = await openState(path, { lock: true });
    await expect(store.record(input('u1', { contact_id: '' }))).rejects.toThrow('cannot record web-chat/u1');
    await expect(store.record(input('u2', { inbox: 'not-a-uuid' }))).rejects.toThrow(StateError);
    expect(store.serial).toBe(0);
    await store.record(input('u3'));
    await store.close();
    expect((await openState(path, { lock: false })).size).toBe(1);
  });
});

/**
 * The state backend contract: what every backend must do, run against each (file, PostgreSQL) with
 * `describeStateBackend(name, newLocation)`. `newLocation()` returns a fresh, empty place for a state.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LockError, StateError } from '../../src/errors.js';
import { digestBody } from '../../src/resolve/canonical-body.js';
import { identityKey } from '../../src/resolve/identity.js';
import { openState, stateBackend, type OpenOptions } from '../../src/state/open-state.js';
import { REPO_ROOT } from '../helpers/config.js';
import { INBOX, input } from '../helpers/state.js';

const id = (sourceId: string) => identityKey(INBOX, sourceId);

/** Writes changes in a child process until killed; prints the count of durable ones. */
const WRITER = `
import { openState } from ${JSON.stringify(`${REPO_ROOT}dist/state/open-state.js`)};
const store = await openState(process.argv[1], { lock: true, command: 'crash-test', workspace: process.argv[2] });
const qm = { knowledge_bases: [] };
for (let i = 0; ; i++) {
  await store.record({ inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789', source_id: 'k' + i, address: 'web/k' + i,
    contact_id: 'c' + i, tier: null, body: { name: 'n', source_id: 'k' + i, inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789', query_metadata: qm } });
  process.stdout.write(i + 1 + '\\n');
}
`;

export function describeStateBackend(name: string, newLocation: () => string): void {
  const open = (location: string, options: Partial<OpenOptions> = {}) =>
    openState(location, { lock: false, ...options });

  describe(`state backend contract: ${name}`, () => {
    it('a new state is empty, does not exist and has no snapshot', async () => {
      const store = await open(newLocation());
      expect(store.exists).toBe(false);
      expect(store.snapshot()).toBeNull();
      expect(store.size).toBe(0);
      expect([...store.entries()]).toEqual([]);
      expect(store.workspace).toBe('default');
      await store.close();
    });

    it('records changes durably: a fresh reader sees lineage, serial and every entry', async () => {
      const location = newLocation();
      const store = await open(location, { lock: true, command: 'test' });
      await store.record(input('u1'));
      await store.record(input('u2'));
      await store.record(input('u1', { contact_id: 'contact-u1-b', tier: 'vip' }));
      expect(store.serial).toBe(3);
      const reader = await open(location);
      expect(reader.exists).toBe(true);
      expect(reader.snapshot()).toEqual({ lineage: store.lineage, serial: 3 });
      expect(reader.get(id('u1'))).toMatchObject({
        contact_id: 'contact-u1-b',
        tier: 'vip',
        address: 'web-chat/u1',
      });
      expect(reader.get(id('u2'))?.digest).toBe(digestBody(input('u2').body));
      expect(reader.get(id('u2'))).toEqual(store.get(id('u2')));
      await reader.close();
      await store.commit();
      await store.close();
      const after = await open(location);
      expect(after.lineage).toBe(store.lineage);
      expect(after.serial).toBe(store.serial);
      expect(after.serial).toBeGreaterThanOrEqual(3);
      expect([...after.entries()].map((e) => e.source_id).sort()).toEqual(['u1', 'u2']);
      await after.close();
    });

    it('keeps created_at of an existing entry, defaults updated_at to now, and keeps body key order', async () => {
      const location = newLocation();
      const store = await open(location, { lock: true });
      await store.record(input('u1'));
      const { created_at: _c, updated_at: _u, ...rest } = input('u1');
      const updated = await store.record({ ...rest, contact_id: 'x' });
      expect(updated.created_at).toBe('2026-01-01T00:00:00.000Z');
      expect(updated.updated_at).not.toBe('2026-01-01T00:00:00.000Z');
      await store.close();
      const reader = await open(location);
      const entry = reader.get(id('u1'));
      expect(entry?.created_at).toBe('2026-01-01T00:00:00.000Z');
      expect(Object.keys(entry?.body ?? {})).toEqual(Object.keys(input('u1').body));
      await reader.close();
    });

    it('removes durably, and says false for a contact it does not have', async () => {
      const location = newLocation();
      const store = await open(location, { lock: true });
      await store.record(input('u1'));
      await store.record(input('u2'));
      expect(await store.remove(id('u1'))).toBe(true);
      expect(await store.remove(id('nobody'))).toBe(false);
      const reader = await open(location);
      expect(reader.get(id('u1'))).toBeUndefined();
      expect(reader.size).toBe(1);
      expect(reader.serial).toBe(3);
      await reader.close();
      await store.close();
    });

    it('finds by address or identity; entries of one tier share one frozen query_metadata', async () => {
      const location = newLocation();
      const store = await open(location, { lock: true });
      await store.record(input('u1'));
      await store.record(input('u2'));
      await store.commit();
      await store.close();
      const reader = await open(location);
      expect(reader.find('web-chat/u1')?.source_id).toBe('u1');
      expect(reader.find(id('u1'))?.source_id).toBe('u1');
      expect(reader.find('web-chat/none')).toBeUndefined();
      const qm = reader.get(id('u1'))?.body.query_metadata;
      expect(qm).toBe(reader.get(id('u2'))?.body.query_metadata);
      expect(Object.isFrozen(qm)).toBe(true);
      await reader.close();
    });

    it('refuses writes on a read-only or closed store, and a malformed entry before writing it', async () => {
      const location = newLocation();
      const reader = await open(location);
      await expect(reader.record(input('u1'))).rejects.toThrow('read-only');
      await expect(reader.commit()).rejects.toThrow(StateError);
      await reader.close();
      const writer = await open(location, { lock: true });
      await expect(writer.record(input('u1', { contact_id: '' }))).rejects.toThrow(
        'cannot record web-chat/u1',
      );
      expect(writer.serial).toBe(0);
      await writer.close();
      await expect(writer.record(input('u1'))).rejects.toThrow('closed');
      expect((await open(location)).exists).toBe(false);
    });

    it('records concurrently: every change is durable once its promise resolves', async () => {
      const location = newLocation();
      const store = await open(location, { lock: true });
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.record(input(`u${i}`))));
      expect(store.serial).toBe(200);
      const reader = await open(location);
      expect(reader.size).toBe(200);
      expect(reader.serial).toBe(200);
      await reader.close();
      await store.close();
    });

    it('refuses a second writer at once, naming the holder; lets readers in; --lock-timeout waits', async () => {
      const location = newLocation();
      const first = await open(location, { lock: true, command: 'apply' });
      await first.record(input('u1'));
      const error = await open(location, { lock: true, command: 'state rm' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockError);
      expect((error as LockError).holder).toMatchObject({ pid: process.pid, command: 'apply' });
      expect((error as LockError).message).toContain(first.location);

      const reader = await open(location, { waitWhileLockedMs: 0 });
      expect(reader.size).toBe(1);
      expect(reader.lockedBy).toMatchObject({ pid: process.pid, command: 'apply' });
      await reader.close();

      const waiting = open(location, { lock: true, lockTimeoutMs: 20_000, command: 'second' });
      setTimeout(() => void first.close(), 300);
      const second = await waiting;
      expect(second.get(id('u1'))).toBeDefined();
      await second.close();
      const free = await open(location, { waitWhileLockedMs: 0 });
      expect(free.lockedBy).toBeUndefined();
      await free.close();
    });

    it('keeps workspaces apart: their own entries, their own lock, listed by the backend', async () => {
      const location = newLocation();
      const a = await open(location, { lock: true, workspace: 'staging' });
      const b = await open(location, { lock: true, workspace: 'production' });
      await a.record(input('u1'));
      await b.record(input('u2'));
      await b.record(input('u3'));
      await a.close();
      await b.close();
      const staging = await open(location, { workspace: 'staging' });
      const production = await open(location, { workspace: 'production' });
      expect([...staging.entries()].map((e) => e.source_id)).toEqual(['u1']);
      expect(production.size).toBe(2);
      expect(staging.lineage).not.toBe(production.lineage);
      expect((await open(location)).exists).toBe(false);
      const backend = await stateBackend(location);
      expect(await backend.workspaces()).toEqual(['production', 'staging']);
      await backend.close();
    });

    it('copyFrom replaces the state with a copy: lineage, serial and entries', async () => {
      const source = await open(newLocation(), { lock: true });
      await source.record(input('u1'));
      await source.record(input('u2', { tier: null }));
      const location = newLocation();
      const target = await open(location, { lock: true });
      await target.copyFrom({ lineage: source.lineage, serial: source.serial, entries: source.entries() });
      await target.close();
      const copy = await open(location);
      expect(copy.snapshot()).toEqual(source.snapshot());
      expect(copy.get(id('u2'))).toEqual(source.get(id('u2')));
      expect(copy.size).toBe(2);
      await copy.close();
      await source.close();
    });

    it('a writer killed with SIGKILL loses nothing it recorded, and the next writer gets the lock at once', async () => {
      const location = newLocation();
      const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, location, 'default'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: process.env,
      });
      let durable = 0;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          durable = Math.max(durable, Number(chunk.toString().trim().split('\n').pop()));
          if (durable >= 100) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
      });
      expect(durable).toBeGreaterThanOrEqual(100);
      const store = await open(location, { lock: true, lockTimeoutMs: 0 });
      expect(store.size).toBeGreaterThanOrEqual(durable);
      await store.record(input('after'));
      await store.commit();
      await store.close();
      expect((await open(location)).size).toBe(store.size);
    });
  });
}

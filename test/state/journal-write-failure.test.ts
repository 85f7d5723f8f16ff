/**
 * A journal write that fails part-way (a full disk) must not leave a torn line in the middle of the
 * journal once a later write succeeds: the state would no longer open.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { identityKey } from '../../src/resolve/identity.js';
import { openState } from '../../src/state/open-state.js';
import { INBOX, input } from '../helpers/state.js';
import { tempDir } from '../helpers/tmp.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The prototype every FileHandle shares (so the journal's own handle can be made to fail). */
async function fileHandlePrototype(
  dir: string,
): Promise<{ write: (...args: unknown[]) => Promise<unknown> }> {
  const handle = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(handle) as { write: (...args: unknown[]) => Promise<unknown> };
  await handle.close();
  return proto;
}

it('a later record after a half-written one leaves a journal that still opens', async () => {
  const dir = tempDir('mai-contacts-journal-');
  const path = join(dir, 'contacts.state.json');
  const proto = await fileHandlePrototype(dir);
  const store = await openState(path, { lock: true, command: 'test' });
  await store.record(input('u1'));

  const original = proto.write;
  const spy = vi.spyOn(proto, 'write').mockImplementationOnce(async function (this: unknown, ...args) {
    const text = args[0] as string;
    await original.call(this, text.slice(0, Math.floor(text.length / 2)));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  await expect(store.record(input('u2'))).rejects.toThrow(/ENOSPC/);
  spy.mockRestore();
  await store.record(input('u3'));
  await store.close();

  const again = await openState(path, { lock: false });
  expect(again.get(identityKey(INBOX, 'u1'))).toBeDefined();
  expect(again.get(identityKey(INBOX, 'u3'))).toBeDefined();
  expect(again.get(identityKey(INBOX, 'u2'))).toBeUndefined();
});

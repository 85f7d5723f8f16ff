/**
 * A large state file opened compact is read in a worker thread (state-worker.ts, from the built modules
 * of dist/: the worker runs built code): the same entries and the same answers as a read in the main
 * thread, the same refusal of a broken entry, and its entries still decoded from the file it read.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { identityKey } from '../../src/resolve/identity.js';
import { entryFromInput } from '../../src/state/entry-index.js';
import { openState as openInThread } from '../../src/state/open-state.js';
import { encodeState } from '../../src/state/state-file.js';
import type { StateEntry } from '../../src/state/types.js';
import { REPO_ROOT } from '../helpers/config.js';
import { INBOX, body, input } from '../helpers/state.js';
import { tempDir } from '../helpers/tmp.js';

type OpenState = typeof openInThread;
const built = (): Promise<{ openState: OpenState }> =>
  import(pathToFileURL(join(REPO_ROOT, 'dist/state/open-state.js')).href) as Promise<{
    openState: OpenState;
  }>;

/** A state file over the worker's threshold (16 MiB): long names make the lines long. */
function bigState(count = 18_000): { path: string; entries: StateEntry[] } {
  const entries: StateEntry[] = [];
  for (let i = 0; i < count; i++) {
    const id = `m${String(i).padStart(6, '0')}`;
    const extra = i % 1000 === 7 ? { avatar: 'https://example.com/a.png' } : {};
    const name = `${i % 1000 === 9 ? 'Quoted "name" ' : 'Member '}${i} ${'x'.repeat(800)}`;
    entries.push(
      entryFromInput(
        input(id, { tier: i % 3 ? 'vip' : null, body: body(id, { name, ...extra }) }),
        undefined,
      ),
    );
  }
  const path = join(tempDir('mai-state-worker-'), 'contacts.state.json');
  writeFileSync(
    path,
    encodeState({ lineage: 'l-1', serial: 2, entries: new Map(entries.map((e) => [e.identity, e])) }),
  );
  if (count > 16_000) expect(statSync(path).size).toBeGreaterThan(16 << 20);
  return { path, entries };
}

describe('a large state file, opened compact', () => {
  it('is read in a worker thread into the same entries and answers as in the main thread', async () => {
    expect(existsSync(join(REPO_ROOT, 'dist/state/state-worker.js'))).toBe(true);
    const { openState } = await built();
    const { path, entries } = bigState();
    const inThread = await openInThread(path, { lock: false, compact: true });
    const compact = await openState(path, { lock: false, compact: true });
    // decoded from the file as it was read, whatever replaces it now
    renameSync(bigState(3).path, path);
    try {
      expect(compact.size).toBe(entries.length);
      expect([...compact.identities()]).toEqual([...inThread.identities()]);
      const pass = compact.join?.();
      const other = inThread.join?.();
      for (const entry of entries.slice(0, 3000)) {
        const contact = {
          identity: entry.identity,
          inboxId: INBOX,
          sourceId: entry.source_id,
          body: entry.body,
        };
        expect(pass?.declare(contact)).toEqual(other?.declare(contact));
      }
      expect([...(pass?.undeclared() ?? [])]).toEqual([...(other?.undeclared() ?? [])]);
      for (const entry of entries.filter((_, i) => i % 997 === 0 || i % 1000 === 7 || i % 1000 === 9))
        expect(compact.get(entry.identity)).toEqual(entry);
      expect(compact.get(identityKey(INBOX, 'nobody'))).toBeUndefined();
    } finally {
      await compact.close();
      await inThread.close();
    }
  });

  it('refuses a broken entry with the error a read in the main thread gives', async () => {
    const { openState } = await built();
    const { path } = bigState();
    const text = readFileSync(path, 'utf8');
    const at = text.lastIndexOf('"digest":"sha256:');
    writeFileSync(path, `${text.slice(0, at)}"digest":"sha256:nope${text.slice(at + 81)}`);
    const inThread = await openInThread(path, { lock: false, compact: true }).catch((e: Error) => e);
    const inWorker = await openState(path, { lock: false, compact: true }).catch((e: Error) => e);
    expect(inThread).toBeInstanceOf(Error);
    expect((inWorker as Error).message).toBe((inThread as Error).message);
    expect((inWorker as Error).name).toBe('StateError');
    expect((inWorker as Error).message).toMatch(
      /is not a mai-contacts state file: \/contacts\/17999\/digest/,
    );
  });
});

/**
 * `--data FILE`: the emulator's contacts (soft-deleted ones included) and resources survive restarts.
 * Writes are coalesced (one every `delayMs` at most), atomic (temporary file + rename) and flushed at close.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { StoredContact } from './contact-store.js';
import type { ResourceSnapshot } from './resources.js';

export interface EmulatorSnapshot extends ResourceSnapshot {
  format: 'mai-contacts-emulator';
  version: 1;
  contacts: StoredContact[];
}

export async function loadSnapshot(file: string): Promise<EmulatorSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const data = JSON.parse(text) as Partial<EmulatorSnapshot>;
  if (data.format !== 'mai-contacts-emulator' || data.version !== 1 || !Array.isArray(data.contacts)) {
    throw new Error(`${file} is not an emulator data file (format mai-contacts-emulator, version 1)`);
  }
  return {
    ...data,
    inboxes: data.inboxes ?? [],
    knowledgeBases: data.knowledgeBases ?? [],
  } as EmulatorSnapshot;
}

export interface Persister {
  /** Something changed: write soon. */
  changed(): void;
  /** Write now if anything is pending, and wait for it. */
  flush(): Promise<void>;
}

export function createPersister(file: string, snapshot: () => EmulatorSnapshot, delayMs = 50): Persister {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(snapshot()));
        await rename(tmp, file);
      });
    return writing;
  };
  return {
    changed() {
      dirty = true;
      timer ??= setTimeout(() => {
        write().catch((error: unknown) =>
          console.error(`emulator: could not write ${file}: ${String(error)}`),
        );
      }, delayMs);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
    },
  };
}

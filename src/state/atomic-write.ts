/**
 * The one module that writes state files (the state file, its journal, its lock). Every write loops on
 * short writes and every failure is a StateError naming the file. `writeFileAtomic` replaces a file
 * atomically: a temp file beside it, fsync, rename over, fsync the directory.
 *
 * Fault injection for tests that cannot mount a small file system: while the file named by
 * MAI_CONTACTS_TEST_DISK_FULL exists, every write into a file stores at most half of what it was
 * given and then fails with ENOSPC, as a full disk does.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StateError } from '../errors.js';
import { escapeRegExp } from '../util/escape-regexp.js';

/** `cannot <verb> <path>: <reason>` as a StateError (the reason keeps the errno code, e.g. ENOSPC). */
export function ioError(verb: string, path: string, error: unknown): StateError {
  if (error instanceof StateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const failure = new StateError(`cannot ${verb} ${path}: ${message}`);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code) (failure as StateError & { code?: string }).code = code;
  return failure;
}

function injectedDiskFull(): boolean {
  const flag = process.env['MAI_CONTACTS_TEST_DISK_FULL'];
  return flag !== undefined && flag !== '' && existsSync(flag);
}

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

/**
 * Writes all of `bytes` at the handle's position (the end, for a file opened to append), looping on
 * short writes. Throws (with `written` set on the error) when the file system refuses the rest.
 */
export async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let written = 0;
  try {
    while (written < bytes.length) {
      const want = bytes.length - written;
      if (injectedDiskFull()) {
        const part = Math.floor(want / 2);
        if (part > 0) written += (await handle.write(bytes, written, part)).bytesWritten;
        throw enospc();
      }
      const { bytesWritten } = await handle.write(bytes, written, want);
      if (bytesWritten <= 0) throw enospc();
      written += bytesWritten;
    }
  } catch (error) {
    Object.assign(error as object, { written });
    throw error;
  }
}

/** How many bytes a failed `writeAll` stored before it failed. */
export function bytesWrittenBefore(error: unknown): number {
  const written = (error as { written?: unknown } | null)?.written;
  return typeof written === 'number' ? written : 0;
}

const TEMP = (name: string): RegExp => new RegExp(`^\\.${escapeRegExp(name)}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await writeAll(handle, Buffer.from(text, 'utf8'));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw ioError('write', path, error);
  }
  await syncDirectory(dirname(path));
}

/**
 * Removes the temp files `writeFileAtomic` left beside `path` when a process was killed between
 * creating and renaming one. Only the lock holder calls it, so no other writer's temp file is live;
 * a temp file of this very process is kept.
 */
export async function removeLeftoverTemps(path: string): Promise<string[]> {
  const pattern = TEMP(basename(path));
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match || Number(match[1]) === process.pid) continue;
    const full = join(dirname(path), name);
    await rm(full, { force: true }).then(
      () => removed.push(full),
      () => undefined,
    );
  }
  return removed;
}

/** Makes a rename or a new file in `dir` durable. Best effort where directories cannot be opened. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms and file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

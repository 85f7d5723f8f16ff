/**
 * Output paths (`plan --out`, `import --out`, `--log-file`) are opened when the command starts, before
 * the first API call: a path that cannot be written ends the command at once (exit 1) with nothing sent
 * to MaiAgent. A file that does not exist yet is created then, 0600 (the plan holds every contact's
 * permissions), and keeps that mode when the result is written into it later.
 */
import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export function cannotWrite(path: string, flag: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EISDIR'
      ? 'it is a directory'
      : code === 'ENOENT' || code === 'ENOTDIR'
        ? 'its directory does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'read-only file system'
            : (code ?? (error as Error).message);
  return new UsageError(`cannot write ${flag} ${path}: ${why}; nothing was sent to MaiAgent`);
}

/** Opens `path` for writing (created 0600 when missing, left as it is otherwise) and closes it again. */
export async function prepareOutputFile(path: string, flag: string): Promise<void> {
  try {
    const handle = await open(path, 'a', 0o600);
    await handle.close();
  } catch (error) {
    throw cannotWrite(path, flag, error);
  }
}

/**
 * The worker thread that reads a large state file for a compact store (file-backend.ts): its lines
 * checked and its brief entries put in columns away from the main thread, which reads the config
 * meanwhile. It reads through the file descriptor the main thread opened (the same file, whatever a
 * writer does to the path), and hands over what briefColumns gives, or the error.
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { StateError } from '../errors.js';
import { transferables } from './compact-entries.js';
import { lineBatches } from './line-batches.js';
import { briefColumns } from './state-file.js';

const readAt = promisify(read);
const { path, fd } = workerData as { path: string; fd: number };

try {
  const lines = lineBatches(async (buffer, position) => {
    try {
      return (await readAt(fd, buffer, 0, buffer.length, position)).bytesRead;
    } catch (error) {
      throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
    }
  });
  const data = await briefColumns(path, lines);
  parentPort?.postMessage({ data }, data ? transferables(data.columns) : []);
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).message, state: error instanceof StateError });
}

/**
 * The append-only journal beside the state file (`<state file>.journal`): one JSON line per recorded
 * change, so recording costs O(1) whatever the number of contacts. Appends are grouped: lines queued
 * while a write is in flight go out together in one write and one fsync (group commit), and each
 * caller's promise settles once its line is durable.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { StateError } from '../errors.js';
import { journalLineProblem } from './state-schema.js';
import type { JournalLine } from './types.js';

export interface JournalRead {
  lines: JournalLine[];
  /** Byte length of the complete lines (a torn tail after it is to be cut off before appending). */
  validBytes: number;
  /** True when the file ended in a torn line (a crash mid-write), which was ignored. */
  tornTail: boolean;
}

export async function readJournal(path: string): Promise<JournalRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { lines: [], validBytes: 0, tornTail: false };
    throw new StateError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const lastNewline = bytes.lastIndexOf(0x0a);
  const validBytes = lastNewline + 1;
  const text = bytes.subarray(0, validBytes).toString('utf8');
  const lines: JournalLine[] = [];
  let lineNumber = 0;
  for (const raw of text.split('\n')) {
    lineNumber += 1;
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new StateError(
        `${path}:${lineNumber}: journal line is not valid JSON; the state was not changed`,
      );
    }
    const problem = journalLineProblem(value);
    if (problem) throw new StateError(`${path}:${lineNumber}: journal line is malformed (${problem})`);
    lines.push(value as JournalLine);
  }
  return { lines, validBytes, tornTail: validBytes < bytes.length };
}

export class JournalWriter {
  private handle: Promise<FileHandle> | undefined;
  private queue: { text: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  /** Bytes of complete lines in the file: a failed write is cut back to this before the next one. */
  private size = 0;
  /** Set when a failed write could not be cut back: no later line may follow the torn one. */
  private broken: StateError | undefined;

  constructor(
    readonly path: string,
    /** Cut the file to this many bytes before the first append (drops a torn tail). */
    private readonly truncateTo?: number,
  ) {}

  private file(): Promise<FileHandle> {
    this.handle ??= (async () => {
      const handle = await open(this.path, 'a', 0o600);
      if (this.truncateTo !== undefined) {
        await handle.truncate(this.truncateTo);
        await handle.sync();
      }
      this.size = (await handle.stat()).size;
      return handle;
    })();
    return this.handle;
  }

  append(line: JournalLine): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text: `${JSON.stringify(line)}\n`, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          if (this.broken) throw this.broken;
          const handle = await this.file();
          const text = batch.map((b) => b.text).join('');
          try {
            await handle.write(text);
            await handle.datasync();
          } catch (error) {
            await this.cutBack(handle, error);
            throw error;
          }
          this.size += Buffer.byteLength(text);
          for (const b of batch) b.resolve();
        } catch (error) {
          const failure =
            error instanceof StateError
              ? error
              : new StateError(`cannot write ${this.path}: ${(error as Error).message}`);
          for (const b of batch) b.reject(failure);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** Drops what a failed write left (a torn line), or refuses every later line when that fails too. */
  private async cutBack(handle: FileHandle, error: unknown): Promise<void> {
    try {
      await handle.truncate(this.size);
    } catch {
      this.broken = new StateError(
        `cannot write ${this.path}: ${(error as Error).message} (and a torn line may be left at its end)`,
      );
    }
  }

  /** Resolves once every queued line is durable. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Empties the journal (after its lines were folded into the state file). */
  async truncate(): Promise<void> {
    await this.drain();
    const handle = await this.file();
    await handle.truncate(0);
    await handle.sync();
    this.size = 0;
    this.broken = undefined;
  }

  async close(): Promise<void> {
    await this.drain();
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  }
}

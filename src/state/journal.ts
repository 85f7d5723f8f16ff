/**
 * The append-only journal beside the state file (`<state file>.journal`): one JSON line per recorded
 * change, so recording costs O(1) whatever the number of contacts. Appends are grouped: lines queued
 * while a write is in flight, or within a short commit delay of the first one, go out together in one
 * write and one fsync (group commit), and each caller's promise settles once its line is durable.
 *
 * The commit delay is PostgreSQL's `commit_delay`: an fsync costs about 0.2-0.3 ms of CPU here (and
 * 1-3 ms of wall time), more than the rest of recording a change, so apply at parallelism 16 gathers
 * several changes per fsync instead of one. A caller waits at most that much longer for durability;
 * apply's concurrency slot is already free by then (execute-plan.ts).
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { StateError } from '../errors.js';
import { bytesWrittenBefore, ioError, writeAll } from './atomic-write.js';
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

/** How long the first line of a batch waits for others before the write (ms). */
export const COMMIT_DELAY_MS = 4;

export class JournalWriter {
  private handle: Promise<FileHandle> | undefined;
  private queue: { line: JournalLine; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  /** Bytes of complete lines in the file: a failed write is cut back to this before the next one. */
  private size = 0;
  /** Set when a failed write could not be cut back: no later line may follow the torn one. */
  private broken: StateError | undefined;

  constructor(
    readonly path: string,
    /** Cut the file to this many bytes before the first append (drops a torn tail, or folded lines). */
    private readonly truncateTo: number | undefined,
    /**
     * The serial of the last line in the journal (or of the state file). Lines are numbered as they
     * land, so a line that failed leaves no gap for the next one to jump.
     */
    private lastSerial: number,
    private readonly commitDelayMs = COMMIT_DELAY_MS,
  ) {}

  private file(): Promise<FileHandle> {
    this.handle ??= (async () => {
      let handle: FileHandle | undefined;
      try {
        handle = await open(this.path, 'a', 0o600);
        const { size } = await handle.stat();
        if (this.truncateTo !== undefined && this.truncateTo < size) {
          await handle.truncate(this.truncateTo);
          await handle.sync();
        }
        this.size = (await handle.stat()).size;
        return handle;
      } catch (error) {
        await handle?.close().catch(() => undefined);
        this.handle = undefined;
        throw ioError('open', this.path, error);
      }
    })();
    return this.handle;
  }

  /** Appends a line; its serial is the journal's next one (set here, whatever the line carried). */
  append(line: JournalLine): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.flushing ??= this.flush(true);
    });
  }

  private async flush(delayed = false): Promise<void> {
    try {
      if (delayed && this.commitDelayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.commitDelayMs));
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        let landed = 0;
        try {
          if (this.broken) throw this.broken;
          const handle = await this.file();
          // The serial is set on the line itself (its caller hands it over): no copy per line.
          const texts = batch.map((b, i) => {
            b.line.serial = this.lastSerial + 1 + i;
            return `${JSON.stringify(b.line)}\n`;
          });
          const bytes = Buffer.from(texts.join(''), 'utf8');
          try {
            await writeAll(handle, bytes);
            await handle.datasync();
          } catch (error) {
            landed = await this.cutBack(handle, texts, bytesWrittenBefore(error), error);
            throw error;
          }
          this.size += bytes.length;
          this.lastSerial += batch.length;
          for (const b of batch) b.resolve();
        } catch (error) {
          const failure = ioError('write', this.path, error);
          batch.forEach((b, i) => (i < landed ? b.resolve() : b.reject(failure)));
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /**
   * After a failed write: keeps the whole lines that landed (when they can be made durable) and cuts
   * the file back to the end of the last of them, never to beyond its current size (a cut-back to a
   * length past the end would extend the file with NUL bytes). Returns how many lines of the batch
   * were kept. When even that fails, every later line is refused: none may follow a torn one.
   */
  private async cutBack(
    handle: FileHandle,
    texts: string[],
    written: number,
    error: unknown,
  ): Promise<number> {
    let keepLines = 0;
    let keepBytes = 0;
    for (const text of texts) {
      const length = Buffer.byteLength(text);
      if (keepBytes + length > written) break;
      keepBytes += length;
      keepLines += 1;
    }
    try {
      const { size } = await handle.stat();
      const base = Math.min(this.size, size);
      let target = base;
      if (keepLines > 0 && this.size + keepBytes <= size) {
        target = this.size + keepBytes;
        await handle.truncate(target);
        try {
          await handle.datasync();
        } catch {
          target = base;
          keepLines = 0;
        }
      } else {
        keepLines = 0;
      }
      await handle.truncate(target);
      this.size = target;
      this.lastSerial += keepLines;
      return keepLines;
    } catch {
      this.broken = new StateError(
        `cannot write ${this.path}: ${(error as Error).message} (and a torn line may be left at its end)`,
      );
      return 0;
    }
  }

  /** Resolves once every queued line is durable. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Empties the journal (after its lines were folded into a state file of serial `serial`). */
  async truncate(serial: number): Promise<void> {
    await this.drain();
    const handle = await this.file();
    try {
      await handle.truncate(0);
      await handle.sync();
    } catch (error) {
      throw ioError('empty', this.path, error);
    }
    this.size = 0;
    this.lastSerial = serial;
    this.broken = undefined;
  }

  async close(): Promise<void> {
    await this.drain();
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  }
}

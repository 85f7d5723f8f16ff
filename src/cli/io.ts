/** The one place that writes to the terminal. */
import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { formatLocation } from '../config/diagnostic.js';
import { ApiError, ConfigError, LockError, MaiContactsError } from '../errors.js';
import { escapeText } from '../report/escape-text.js';
import { describeHolder } from '../state/store.js';

/** Large outputs (a 100,000-contact JSON plan is ~180 MB) go out in slices, never copied whole. */
const SLICE = 1 << 20;

/**
 * Where a run in the caller's process writes instead of the process's streams (see runCli in
 * program.ts). Such a terminal is never a TTY: no colour, no progress redraws.
 */
export interface Terminal {
  stdout(text: string): void;
  stderr(text: string): void;
}

let terminal: Terminal | undefined;

/** Sets (or, with undefined, removes) the terminal the output goes to; returns the previous one. */
export function useTerminal(next: Terminal | undefined): Terminal | undefined {
  const previous = terminal;
  terminal = next;
  return previous;
}

export function out(text: string): void {
  const newline = text.endsWith('\n') || text === '' ? '' : '\n';
  if (terminal) {
    terminal.stdout(newline ? `${text}${newline}` : text);
    return;
  }
  if (text.length <= SLICE) {
    process.stdout.write(newline ? `${text}${newline}` : text);
    return;
  }
  // To a file or /dev/null, process.stdout already writes synchronously to fd 1; writing the slices
  // there directly skips a Buffer copy of each (several times faster). Pipes and terminals keep the stream.
  const write = writesToFile()
    ? (part: string) => writeSync(1, part)
    : (part: string) => process.stdout.write(part);
  for (let i = 0; i < text.length; i += SLICE) write(text.slice(i, i + SLICE));
  if (newline) write(newline);
}

/** Writes the UTF-8 pieces of one text as they come (then a newline), e.g. planJsonChunks. */
export function outChunks(chunks: Iterable<Uint8Array>): void {
  const to = terminal;
  const write = to
    ? (part: Uint8Array) => to.stdout(Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString())
    : writesToFile()
      ? (part: Uint8Array) => writeAll(part)
      : (part: Uint8Array) => process.stdout.write(part);
  for (const chunk of chunks) write(chunk);
  if (to) to.stdout('\n');
  else if (writesToFile()) writeSync(1, '\n');
  else process.stdout.write('\n');
}

/** The whole of `bytes` to fd 1 (a write to a file may be short). */
function writeAll(bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += writeSync(1, bytes, at, bytes.length - at);
}

/** Writes text to stdout as it is (no newline added), e.g. a CSV document. */
export function outRaw(text: string): void {
  if (terminal) terminal.stdout(text);
  else process.stdout.write(text);
}

/** Writes text to stderr as it is (no escaping, no newline), e.g. progress redraws. */
export function errRaw(text: string): void {
  if (terminal) terminal.stderr(text);
  else process.stderr.write(text);
}

/** Whether stdin is a terminal a question can be asked on. */
export function stdinIsTTY(): boolean {
  return !terminal && Boolean(process.stdin.isTTY);
}

/** Whether stderr is a terminal (progress redraws in place there). */
export function stderrIsTTY(): boolean {
  return !terminal && Boolean(process.stderr.isTTY);
}

let toFile: boolean | undefined;

function writesToFile(): boolean {
  if (toFile === undefined) {
    try {
      const info = fstatSync(1);
      toFile = info.isFile() || (info.isCharacterDevice() && !isatty(1));
    } catch {
      toFile = false;
    }
  }
  return toFile;
}

export function err(text: string): void {
  const safe = escapeText(text, { keepNewlines: true, keepOwnColors: true });
  errRaw(safe.endsWith('\n') ? safe : `${safe}\n`);
}

export function colorEnabled(noColorFlag: boolean | undefined): boolean {
  if (noColorFlag || process.env['NO_COLOR'] || terminal) return false;
  return Boolean(process.stdout.isTTY);
}

/** One line for a known error (no stack); the stack for anything else, or with --debug. */
export function describeError(error: unknown, debug: boolean): string {
  if (error instanceof MaiContactsError && !debug) {
    const lines = [`Error: ${error.message}`];
    if (error instanceof ConfigError) {
      const limit = 50;
      for (const d of error.diagnostics.slice(0, limit)) {
        lines.push(`  ${formatLocation(d.location)} ${d.rule}: ${d.message}`.trimEnd());
      }
      const rest = error.diagnostics.length - limit;
      if (rest > 0) lines.push(`  … and ${rest} more (mai-contacts validate lists them)`);
    }
    if (error instanceof LockError && error.holder) {
      lines.push(`  held by ${describeHolder(error.holder)}`);
    }
    if (error instanceof ApiError && error.details.serverMessage) {
      lines.push(`  server said: ${error.details.serverMessage}`);
    }
    return lines.join('\n');
  }
  if (error instanceof Error) return debug ? (error.stack ?? error.message) : `Error: ${error.message}`;
  return `Error: ${String(error)}`;
}

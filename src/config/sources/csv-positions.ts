/**
 * Where each record and cell of a CSV file starts, found only when a diagnostic asks (reading stays one
 * pass through csv-parse). The scan follows RFC 4180 as csv-parse reads it: quoted cells may hold
 * commas, doubled quotes and line breaks; records end at LF, CRLF or CR; empty lines are skipped.
 */
import { readFileSync } from 'node:fs';
import type { SourceLocation } from '../diagnostic.js';

export interface CsvPositions {
  /**
   * Line and column of cell `cell` (0-based) of record `record` (0 = the header row); with a cell, the
   * location also ends where the cell does, when that is on the same line. Without one it is the record.
   */
  at(record: number, cell?: number): SourceLocation;
  /** The text of physical line `line` (1-based; LF, CRLF and CR end a line), without the BOM. */
  lineText(line: number): string | undefined;
}

export function csvPositions(path: string): CsvPositions {
  let bytes: Buffer | undefined;
  let starts: number[] = [];
  let lines: number[] = [];
  let lineStarts: number[] = [];
  const index = (): Buffer => {
    if (bytes) return bytes;
    bytes = readFileSync(path);
    ({ starts, lines, lineStarts } = scan(bytes));
    return bytes;
  };
  const bom = (b: Buffer): number => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);

  return {
    at(record, cell) {
      const b = index();
      const start = starts[record];
      if (start === undefined) return { file: path, line: (lines[lines.length - 1] ?? 0) + 1, column: 1 };
      let line = lines[record] ?? 1;
      let lineStart = lineStarts[line - 1] ?? 0;
      let i = start;
      let quoted = false;
      const wanted = cell ?? 0;
      for (let k = 0; i < b.length; i++) {
        if (k === wanted && !quoted) break;
        const c = b[i];
        if (c === 0x22) quoted = !quoted;
        else if (c === 0x2c && !quoted) {
          k++;
          if (k === wanted) {
            i++;
            break;
          }
        } else if (c === 0x0a || (c === 0x0d && b[i + 1] !== 0x0a)) {
          if (!quoted) break;
          line++;
          lineStart = i + 1;
        }
      }
      const skip = lineStart === 0 ? bom(b) : 0;
      const column = characters(b, lineStart + skip, i) + 1;
      if (cell === undefined) return { file: path, line, column };
      const end = cellEnd(b, i);
      if (end === undefined) return { file: path, line, column };
      return { file: path, line, column, endLine: line, endColumn: column + characters(b, i, end) };
    },
    lineText(line) {
      const b = index();
      const from = lineStarts[line - 1];
      if (from === undefined) return undefined;
      let to = from;
      while (to < b.length && b[to] !== 0x0a && b[to] !== 0x0d) to++;
      return b.toString('utf8', from === 0 ? bom(b) : from, to);
    },
  };
}

/** Where the cell starting at `i` ends (exclusive), or undefined when a quoted line break carries it on. */
function cellEnd(b: Buffer, i: number): number | undefined {
  let j = i;
  if (b[j] === 0x22) {
    for (j++; j < b.length; j++) {
      const c = b[j];
      if (c === 0x0a || c === 0x0d) return undefined;
      if (c === 0x22) {
        if (b[j + 1] !== 0x22) {
          j++;
          break;
        }
        j++;
      }
    }
  }
  while (j < b.length && b[j] !== 0x2c && b[j] !== 0x0a && b[j] !== 0x0d) j++;
  return j;
}

function characters(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((b[i]! & 0xc0) !== 0x80) n++;
  return n;
}

function scan(b: Buffer): { starts: number[]; lines: number[]; lineStarts: number[] } {
  const starts: number[] = [];
  const lines: number[] = [];
  const lineStarts: number[] = [0];
  let line = 1;
  let quoted = false;
  let atStart = true;
  const breakAt = (i: number): number => {
    line++;
    const next = b[i] === 0x0d && b[i + 1] === 0x0a ? i + 2 : i + 1;
    lineStarts.push(next);
    return next - 1;
  };
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  for (; i < b.length; i++) {
    const c = b[i];
    const newline = c === 0x0a || c === 0x0d;
    if (atStart && !newline) {
      starts.push(i);
      lines.push(line);
      atStart = false;
    }
    if (c === 0x22) quoted = !quoted;
    else if (newline) {
      i = breakAt(i);
      if (!quoted) atStart = true;
    }
  }
  return { starts, lines, lineStarts };
}

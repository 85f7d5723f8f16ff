/**
 * The source line a diagnostic points at, with a caret under the span. Values of keys that look like
 * secrets are masked, so a frame never repeats a credential into CI logs. Characters that could hide or
 * spoof text are escaped here, before the caret is placed, so the caret stays under its span.
 */
import type { SourceLocation } from '../../config/diagnostic.js';
import { maskSecrets } from '../../util/secret-text.js';
import { escapeText } from '../escape-text.js';

const MAX_WIDTH = 160;

/** The frame of `location` in `text`, the text of its line (LF, CRLF and the BOM already removed). */
export function codeFrame(text: string | undefined, location: SourceLocation): string[] {
  if (text === undefined) return [];
  const raw = maskSecrets(text.replace(/\t/g, ' '));
  const start = Math.max(1, location.column);
  const end =
    location.endLine === location.line && location.endColumn !== undefined && location.endColumn >= start
      ? Math.max(location.endColumn, start + 1)
      : Math.max(start + 1, raw.trimEnd().length + 1);
  // Positions count characters of the raw line; the escaped line is longer where it escapes.
  const before = escapeText(raw.slice(0, start - 1));
  const span = escapeText(raw.slice(start - 1, end - 1));
  const shown = before + span + escapeText(raw.slice(end - 1));
  const gutter = String(location.line);
  const clipped = shown.length > MAX_WIDTH ? `${shown.slice(0, MAX_WIDTH)}…` : shown;
  const from = Math.min(before.length, MAX_WIDTH);
  const width = Math.max(1, Math.min(before.length + Math.max(span.length, 1), MAX_WIDTH + 1) - from);
  return [
    `  ${gutter} | ${clipped}`.trimEnd(),
    `  ${' '.repeat(gutter.length)} | ${' '.repeat(from)}${'^'.repeat(width)}`,
  ];
}

/** Line `line` (1-based) of a whole file's text. */
export function lineOf(source: string | undefined, line: number): string | undefined {
  return source?.split(/\r?\n/)[line - 1];
}

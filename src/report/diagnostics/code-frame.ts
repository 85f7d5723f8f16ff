/**
 * The source line a diagnostic points at, with a caret under the span. Values of keys that look like
 * secrets are masked, so a frame never repeats a credential into CI logs.
 */
import type { SourceLocation } from '../../config/diagnostic.js';
import { maskSecrets } from '../../util/secret-text.js';

const MAX_WIDTH = 160;

export function codeFrame(source: string, location: SourceLocation): string[] {
  const lines = source.split(/\r?\n/);
  const text = lines[location.line - 1];
  if (text === undefined) return [];
  const shown = maskSecrets(text.replace(/\t/g, ' '));
  const start = Math.max(1, location.column);
  const end =
    location.endLine === location.line && location.endColumn !== undefined && location.endColumn > start
      ? location.endColumn
      : Math.max(start + 1, shown.trimEnd().length + 1);
  const gutter = String(location.line);
  const clipped = shown.length > MAX_WIDTH ? `${shown.slice(0, MAX_WIDTH)}…` : shown;
  const width = Math.max(1, Math.min(end, MAX_WIDTH + 1) - start);
  return [
    `  ${gutter} | ${clipped}`.trimEnd(),
    `  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.min(start - 1, MAX_WIDTH))}${'^'.repeat(width)}`,
  ];
}

/** The one place that writes to the terminal. */
import { formatLocation } from '../config/diagnostic.js';
import { ApiError, ConfigError, LockError, MaiContactsError } from '../errors.js';

/** Large outputs (a 100,000-contact JSON plan is ~180 MB) go out in slices, never copied whole. */
const SLICE = 1 << 20;

export function out(text: string): void {
  const newline = text.endsWith('\n') || text === '' ? '' : '\n';
  if (text.length <= SLICE) {
    process.stdout.write(newline ? `${text}${newline}` : text);
    return;
  }
  for (let i = 0; i < text.length; i += SLICE) process.stdout.write(text.slice(i, i + SLICE));
  if (newline) process.stdout.write(newline);
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function colorEnabled(noColorFlag: boolean | undefined): boolean {
  if (noColorFlag || process.env['NO_COLOR']) return false;
  return Boolean(process.stdout.isTTY);
}

/** One line for a known error (no stack); the stack for anything else, or with --debug. */
export function describeError(error: unknown, debug: boolean): string {
  if (error instanceof MaiContactsError && !debug) {
    const lines = [`Error: ${error.message}`];
    if (error instanceof ConfigError) {
      for (const d of error.diagnostics) {
        lines.push(`  ${formatLocation(d.location)} ${d.rule}: ${d.message}`.trimEnd());
      }
    }
    if (error instanceof LockError && error.holder) {
      const h = error.holder;
      lines.push(`  held by pid ${h.pid} on ${h.host} since ${h.since}${h.command ? ` (${h.command})` : ''}`);
    }
    if (error instanceof ApiError && error.details.serverMessage) {
      lines.push(`  server said: ${error.details.serverMessage}`);
    }
    return lines.join('\n');
  }
  if (error instanceof Error) return debug ? (error.stack ?? error.message) : `Error: ${error.message}`;
  return `Error: ${String(error)}`;
}

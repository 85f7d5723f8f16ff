/** Durations on the command line: `500ms`, `30s`, `2m`, `1h`, or a bare number of seconds. */
import { UsageError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, option = '--lock-timeout'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new UsageError(`${option} takes a duration such as 30s, 2m or 500ms, not "${text}"`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] as number));
}

/**
 * Durations on the command line: `500ms`, `30s`, `2m`, `1h`. The unit is required: a bare `5` could
 * mean seconds or milliseconds, so it is refused rather than guessed.
 */
import { UsageError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, option = '--lock-timeout'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new UsageError(`${option} takes a duration such as 30s, 2m or 500ms, not "${text}"`);
  if (match[2] === undefined && Number(match[1]) !== 0) {
    throw new UsageError(`${option} needs a unit: write ${match[1]}s or ${match[1]}ms, not "${text.trim()}"`);
  }
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] as number));
}

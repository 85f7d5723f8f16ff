/** Numeric command-line options. */
import { UsageError } from '../errors.js';

export function parsePositiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${option} takes a whole number of at least 1, not "${text}"`);
  }
  return n;
}

export function parsePositiveNumber(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${option} takes a number above 0, not "${text}"`);
  }
  return n;
}

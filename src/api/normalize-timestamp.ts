/**
 * Timestamps arrive as ISO 8601 (`2024-01-01T00:00:00Z`, the current docs) or as millisecond-epoch
 * strings (`"1751708039000"`, the seed). Both become ISO 8601 in UTC with milliseconds.
 */

/** Epoch values below this are taken as seconds (1e11 ms is 1973; 1e11 s is the year 5138). */
const SECONDS_BELOW = 1e11;

/** Already in the canonical form (the current variant): returned as is, without a Date round trip. */
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The last conversion: a listing's contacts often share timestamps (bulk creates, one per page). */
let lastIn: unknown;
let lastOut = '';

export function normalizeTimestamp(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (value === lastIn) return lastOut;
  const out = convert(value);
  lastIn = value;
  lastOut = out;
  return out;
}

function convert(value: unknown): string {
  if (typeof value === 'string' && CANONICAL.test(value)) return value;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()))) {
    const n = Number(value);
    const ms = n < SECONDS_BELOW ? n * 1000 : n;
    const date = new Date(Math.round(ms));
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  }
  if (typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
  }
  return String(value);
}

/**
 * How long to wait before the next attempt: exponential backoff with full jitter
 * (a uniform draw in [0, min(max, base · 2^(n-1)))), or the server's `Retry-After` when it sends one
 * (plus a little jitter so throttled callers do not return in lockstep).
 */
export interface BackoffOptions {
  /** First backoff ceiling (default 200 ms). */
  baseMs: number;
  /** Largest backoff ceiling (default 10 s). */
  maxMs: number;
  /** A `Retry-After` longer than this is not waited for: the request fails instead (default 60 s). */
  maxRetryAfterMs: number;
  /** Uniform in [0, 1); injectable for tests. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 200,
  maxMs: 10_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
};

/** The delay after failed attempt number `attempt` (1-based). */
export function backoffDelay(attempt: number, options: BackoffOptions, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.floor(options.random() * options.baseMs);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(options.random() * ceiling);
}

/** `Retry-After` (delta-seconds or an HTTP date) in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

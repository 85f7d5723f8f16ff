import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter } from '../../src/api/backoff.js';

describe('backoff', () => {
  const options = { ...DEFAULT_BACKOFF, baseMs: 100, maxMs: 1000 };
  it('full jitter: uniform below an exponentially growing, capped ceiling', () => {
    const top = { ...options, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
  });

  it('waits at least Retry-After', () => {
    expect(backoffDelay(1, { ...options, random: () => 0.5 }, 2000)).toBe(2050);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

/** The client's --max-rps: one token bucket shared by every concurrent request. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { createRateLimiter } from '../../src/api/rate-limiter.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';

describe('createRateLimiter', () => {
  it('spaces callers evenly: each reserves the next free slot', () => {
    let clock = 0;
    const limiter = createRateLimiter({ ratePerSecond: 10, now: () => clock });
    expect([1, 2, 3, 4].map(() => limiter.reserve())).toEqual([0, 100, 200, 300]);
    clock = 250; // part-way through the queue: the next slot is still after the last reserved one
    expect(limiter.reserve()).toBe(150);
    clock = 10_000; // idle: no credit piles up beyond the burst
    expect([1, 2].map(() => limiter.reserve())).toEqual([0, 100]);
  });

  it('allows a burst after an idle period when asked', () => {
    let clock = 0;
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 3, now: () => clock });
    expect([1, 2, 3, 4].map(() => limiter.reserve())).toEqual([0, 0, 0, 1000]);
    clock = 60_000;
    expect([1, 2, 3, 4].map(() => limiter.reserve())).toEqual([0, 0, 0, 1000]);
  });
});

describe('client maxRps against a capped emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: 'k', maxRps: 20 });
  });
  afterAll(() => emulator.close());

  it('stays under the server cap even with many concurrent calls, so nothing is throttled', async () => {
    const client = createClient({ baseUrl: emulator.url, apiKey: 'k', maxRps: 15, retries: 0 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 30 }, () => client.listInboxes()));
    expect(emulator.stats.faults.rateLimited).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29 * (1000 / 15) - 50);
  });
});

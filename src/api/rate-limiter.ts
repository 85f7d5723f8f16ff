/**
 * A token bucket shared by every request of one client (`--max-rps`), as a GCRA: each caller
 * reserves the next free slot, so concurrent requests queue fairly and the rate holds exactly
 * even when timers fire late.
 */
export interface RateLimiter {
  /** Resolves when the caller may send. */
  take(): Promise<void>;
  /** Reserves the next slot and returns how many milliseconds away it is (what `take` waits). */
  reserve(): number;
}

export interface RateLimiterOptions {
  /** Requests per second. */
  ratePerSecond: number;
  /** Requests that may go at once after an idle period (default 1: evenly spaced). */
  burst?: number;
  now?: () => number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const interval = 1000 / options.ratePerSecond;
  const tolerance = (Math.max(1, options.burst ?? 1) - 1) * interval;
  const now = options.now ?? (() => performance.now());
  let theoretical = 0;
  const reserve = (): number => {
    const t = now();
    const start = Math.max(theoretical - tolerance, t);
    theoretical = Math.max(theoretical, t) + interval;
    return Math.max(0, start - t);
  };
  return {
    reserve,
    take() {
      const wait = reserve();
      if (wait <= 0) return Promise.resolve();
      return new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    },
  };
}

/** No cap. */
export const UNLIMITED: RateLimiter = { take: () => Promise.resolve(), reserve: () => 0 };

/**
 * The executor's concurrency, AIMD like TCP's congestion window: halved (at most once per cooldown)
 * while the API keeps answering 429, grown back by one for every `current` successes, never above
 * --parallelism nor below 1.
 */
export interface AdaptiveLimitOptions {
  max: number;
  /** A burst of 429s from requests already in flight counts once (default 1 s). */
  cooldownMs?: number;
  now?: () => number;
}

export class AdaptiveLimit {
  readonly max: number;
  current: number;
  /** How often the limit was cut (for the summary and tests). */
  cuts = 0;
  private credit = 0;
  private lastCut = Number.NEGATIVE_INFINITY;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(options: AdaptiveLimitOptions) {
    this.max = Math.max(1, Math.floor(options.max));
    this.current = this.max;
    this.cooldownMs = options.cooldownMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The API answered 429: multiplicative decrease. */
  throttled(): void {
    const t = this.now();
    if (t - this.lastCut < this.cooldownMs) return;
    this.lastCut = t;
    this.credit = 0;
    const next = Math.max(1, Math.floor(this.current / 2));
    if (next < this.current) this.cuts += 1;
    this.current = next;
  }

  /** A change went through: additive increase, one slot per `current` successes. */
  succeeded(): void {
    if (this.current >= this.max) return;
    this.credit += 1 / this.current;
    if (this.credit >= 1) {
      this.credit -= 1;
      this.current += 1;
    }
  }
}

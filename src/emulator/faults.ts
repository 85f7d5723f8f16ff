/**
 * Fault injection, decided per request from a seeded PRNG (four draws per request, whatever the
 * rates, so a sequential run repeats exactly): the request-rate cap (`--max-rps`, a token bucket with
 * one second of burst), then `--throttle-rate` (429 + Retry-After), `--error-rate` (503 or Django's
 * HTML 500, nothing done) and `--reset-rate` (the connection is dropped after the work is done).
 */
import type { FaultOptions } from './options.js';
import type { Random } from './prng.js';

export type FaultDecision =
  | { kind: 'throttle'; retryAfterSeconds: number; rateLimited: boolean }
  | { kind: 'error'; status: 500 | 503 }
  | { kind: 'proceed'; reset: boolean };

export class FaultInjector {
  private tokens = 0;
  private refilledAt: number | undefined;

  constructor(
    readonly options: FaultOptions,
    private readonly random: Random,
    private readonly now: () => number = () => performance.now(),
  ) {}

  decide(): FaultDecision {
    const [throttle, error, which, reset] = [this.random(), this.random(), this.random(), this.random()];
    const capped = this.takeToken();
    if (capped !== undefined) return { kind: 'throttle', retryAfterSeconds: capped, rateLimited: true };
    if (throttle < this.options.throttleRate) {
      return { kind: 'throttle', retryAfterSeconds: this.options.retryAfterSeconds, rateLimited: false };
    }
    if (error < this.options.errorRate) return { kind: 'error', status: which < 0.5 ? 503 : 500 };
    return { kind: 'proceed', reset: reset < this.options.resetRate };
  }

  /** Undefined when the request may go; otherwise the whole seconds until a token is back. */
  private takeToken(): number | undefined {
    const rate = this.options.maxRps;
    if (!(rate > 0)) return undefined;
    const t = this.now();
    if (this.refilledAt === undefined) this.tokens = rate;
    else this.tokens = Math.min(rate, this.tokens + ((t - this.refilledAt) / 1000) * rate);
    this.refilledAt = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / rate));
  }
}

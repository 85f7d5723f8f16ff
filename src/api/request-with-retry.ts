/**
 * One logical request: rate cap, attempts, backoff, audit. Retries 408, 429, 5xx and network
 * failures with exponential backoff and full jitter, honouring `Retry-After` up to a cap (60 s: a
 * longer wait fails the call at once, naming it). A POST that may have reached the server (timeout or
 * reset after sending, or a 5xx other than 503) is never retried here: it fails with
 * `details.outcomeUnknown` so the caller can look the contact up instead. Once the transport is aborted
 * (SIGINT) no attempt starts and no wait continues: the call fails with `details.interrupted`.
 */
import type { ApiError } from '../errors.js';
import { apiError } from './api-error.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
import type { RateLimiter } from './rate-limiter.js';
import type { HttpResponse, Transport } from './send-request.js';
import type { AuditHook } from './types.js';

export interface RetryOptions {
  apiKey: string;
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  backoff: BackoffOptions;
  limiter: RateLimiter;
  transport: Transport;
  audit?: AuditHook;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** 503 and 429 mean the request was not processed; any other 5xx to a POST may have been. */
const postMayHaveLanded = (status: number): boolean => status >= 500 && status !== 503;

/** The 2xx response, or an ApiError. */
export async function requestWithRetry(
  options: RetryOptions,
  method: string,
  url: URL,
  body?: unknown,
): Promise<HttpResponse> {
  const path = `${url.pathname}${url.search}`;
  const { transport } = options;
  for (let attempt = 1; ; attempt++) {
    // Without a cap (or with a free slot) nothing is awaited: no extra turn per request.
    const wait = options.limiter.reserve();
    if (wait > 0) await sleep(Math.ceil(wait), transport.signal);
    if (transport.aborted) throw failure(options, method, path, { reason: 'interrupted', interrupted: true });
    const time = new Date().toISOString();
    const started = performance.now();
    const result = await transport.send({
      method,
      url,
      path,
      apiKey: options.apiKey,
      body,
      timeoutMs: options.timeoutMs,
    });
    const durationMs = Math.round(performance.now() - started);
    const last = attempt > options.retries;
    if (result.kind === 'failure') {
      options.audit?.({ time, method, path, durationMs, attempt, error: result.reason });
      const unknown = result.maybeSent && method !== 'GET';
      if (result.interrupted) {
        throw failure(options, method, path, {
          reason: result.reason,
          outcomeUnknown: unknown,
          interrupted: true,
        });
      }
      if ((method === 'POST' && result.maybeSent) || last) {
        throw failure(options, method, path, { reason: result.reason, outcomeUnknown: unknown });
      }
      await sleep(backoffDelay(attempt, options.backoff), transport.signal);
      continue;
    }
    const { response } = result;
    options.audit?.({ time, method, path, status: response.status, durationMs, attempt });
    if (response.status >= 200 && response.status < 300) return response;
    const facts = { status: response.status, body: response.body, text: response.text };
    if (method === 'POST' && postMayHaveLanded(response.status)) {
      throw failure(options, method, path, { ...facts, outcomeUnknown: true });
    }
    if (!retryableStatus(response.status) || last) throw failure(options, method, path, facts);
    const retryAfter = parseRetryAfter(response.header('retry-after'));
    if (retryAfter !== undefined && retryAfter > options.backoff.maxRetryAfterMs) {
      const error = failure(options, method, path, facts);
      error.message += ` (the server asks to wait ${Math.ceil(retryAfter / 1000)} s, more than the ${Math.round(options.backoff.maxRetryAfterMs / 1000)} s cap on Retry-After)`;
      throw error;
    }
    await sleep(backoffDelay(attempt, options.backoff, retryAfter), transport.signal);
  }
}

/** The ApiError of one call (never carrying the key). */
function failure(
  options: RetryOptions,
  method: string,
  path: string,
  facts: Partial<Parameters<typeof apiError>[0]>,
): ApiError {
  return apiError({ method, path, apiKey: options.apiKey, ...facts });
}

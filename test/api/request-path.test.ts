/**
 * The path of one request through the client's layers, against the emulator: without a --max-rps cap
 * nothing is awaited before the transport sends (the request leaves in the turn it was made in), and
 * a capped client still spaces its requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../../src/api/backoff.js';
import { createRateLimiter, UNLIMITED } from '../../src/api/rate-limiter.js';
import { requestWithRetry, type RetryOptions } from '../../src/api/request-with-retry.js';
import { createTransport, type Transport } from '../../src/api/send-request.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';

describe('requestWithRetry', () => {
  let emulator: RunningEmulator;
  let transport: Transport;
  const order: string[] = [];
  /** The real transport, noting when each request is handed to it. */
  let noted: Transport;
  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: 'path-test-key' });
    transport = createTransport(emulator.url, { connections: 4 });
    noted = {
      get aborted() {
        return transport.aborted;
      },
      signal: transport.signal,
      abort: () => transport.abort(),
      close: () => transport.close(),
      send: (spec) => {
        order.push(`send ${spec.method}`);
        return transport.send(spec);
      },
    };
  });
  afterAll(async () => {
    await transport.close();
    await emulator.close();
  });

  const options = (limiter = UNLIMITED): RetryOptions => ({
    apiKey: emulator.apiKey,
    timeoutMs: 30_000,
    retries: 0,
    backoff: DEFAULT_BACKOFF,
    limiter,
    transport: noted,
  });

  it('hands the request to the transport before it returns, when nothing caps the rate', async () => {
    order.length = 0;
    const pending = requestWithRetry(options(), 'GET', new URL(`${emulator.url}/inboxes/`));
    order.push('returned');
    const response = await pending;
    expect(response.status).toBe(200);
    expect(order).toEqual(['send GET', 'returned']);
  });

  it('waits for its slot first when the rate is capped', async () => {
    order.length = 0;
    const limiter = createRateLimiter({ ratePerSecond: 1000 });
    limiter.reserve(); // the slot now is taken: the next request waits for the one after
    const pending = requestWithRetry(options(limiter), 'GET', new URL(`${emulator.url}/inboxes/`));
    order.push('returned');
    expect((await pending).status).toBe(200);
    expect(order).toEqual(['returned', 'send GET']);
  });
});

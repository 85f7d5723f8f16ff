/** Fault injection over real HTTP: 429 + Retry-After, 5xx without effect, resets after commit, a rate cap, repeatability. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import type { EmulatorOptions } from '../../src/emulator/options.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: EmulatorOptions): Promise<RunningEmulator> {
  running = await startEmulator({ apiKey: 'k', ...options });
  return running;
}

const post = (emulator: RunningEmulator, sourceId: string) =>
  fetch(`${emulator.url}/contacts/`, {
    method: 'POST',
    headers: { Authorization: 'Api-Key k', 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'N', source_id: sourceId, inbox: INBOX }),
  });

describe('emulator faults', () => {
  it('--throttle-rate 1 answers 429 with Retry-After', async () => {
    const emulator = await start({ throttleRate: 1, retryAfterSeconds: 3 });
    const res = await fetch(`${emulator.url}/contacts/`, { headers: { Authorization: 'Api-Key k' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ detail: 'Request was throttled. Expected available in 3 seconds.' });
    expect(emulator.stats.faults.throttled).toBe(1);
  });

  it("--error-rate 1 answers 503 or Django's HTML 500 and commits nothing", async () => {
    const emulator = await start({ errorRate: 1, seed: 3 });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const res = await post(emulator, `e${i}`);
      statuses.add(res.status);
      if (res.status === 500) expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
    expect([...statuses].sort()).toEqual([500, 503]);
    expect(emulator.store.size).toBe(0);
  });

  it('--reset-rate 1 commits the write, then drops the connection without a response', async () => {
    const emulator = await start({ resetRate: 1 });
    await expect(post(emulator, 'r1')).rejects.toThrow();
    expect(emulator.store.findBySource(INBOX, 'r1')).toBeDefined();
    expect(emulator.stats.faults.resets).toBe(1);
  });

  it('--max-rps answers 429 with Retry-After above the rate', async () => {
    const emulator = await start({ maxRps: 5 });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${emulator.url}/inboxes/`, { headers: { Authorization: 'Api-Key k' } }).then((r) => [
          r.status,
          r.headers.get('retry-after'),
        ]),
      ),
    );
    const throttled = statuses.filter(([s]) => s === 429);
    expect(statuses.filter(([s]) => s === 200).length).toBeLessThanOrEqual(6);
    expect(throttled.length).toBeGreaterThanOrEqual(6);
    expect(throttled.every(([, retry]) => retry === '1')).toBe(true);
    expect(emulator.stats.faults.rateLimited).toBe(throttled.length);
  });

  it('--latency delays with a timer: concurrent requests overlap', async () => {
    const emulator = await start({ latencyMs: 100 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => post(emulator, `l${i}`)));
    expect(emulator.stats.maxInFlight).toBe(8);
  });

  it('--seed repeats the same faults and ids', async () => {
    const run = async (): Promise<string[]> => {
      const emulator = await startEmulator({ apiKey: 'k', seed: 42, errorRate: 0.3, throttleRate: 0.2 });
      const seen: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await post(emulator, `s${i}`);
        seen.push(res.status === 201 ? ((await res.json()) as { id: string }).id : String(res.status));
      }
      await emulator.close();
      return seen;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(3);
  });

  it('a request with a body over 1 MiB is refused', async () => {
    const emulator = await start({});
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${emulator.url}/contacts/`,
        { method: 'POST', headers: { Authorization: 'Api-Key k' } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('x'.repeat(1024 * 1024 + 10));
    });
    expect(status).toBe(413);
  });
});

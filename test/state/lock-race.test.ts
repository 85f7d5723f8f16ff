/**
 * Stale-lock takeover by many processes at once: real child processes race for a lock left by a
 * process that is gone, hundreds of times; never are two of them holding it at the same moment.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const RACERS = 5;
const TRIALS = 200;
const racers: ChildProcess[] = [];

interface Reply {
  trial?: number;
  ready?: boolean;
  acquired?: boolean;
  holders?: number;
  tookOver?: boolean;
  error?: string;
}

beforeAll(async () => {
  const script = join(import.meta.dirname, 'fixtures', 'lock-racer.js');
  await Promise.all(
    Array.from({ length: RACERS }, async () => {
      const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      racers.push(child);
      await new Promise<void>((resolve) => child.once('message', () => resolve()));
    }),
  );
});

afterAll(() => {
  for (const child of racers) child.kill();
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

it(`${RACERS} processes taking over a stale lock at once, ${TRIALS} times: never two holders`, async () => {
  const root = tempDir('mai-contacts-lock-race-');
  const pid = deadPid();
  let doubleHolders = 0;
  let takeovers = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const dir = join(root, String(trial));
    mkdirSync(dir);
    const lockPath = join(dir, 'contacts.state.json.lock');
    writeFileSync(
      lockPath,
      `${JSON.stringify({ id: `stale-${trial}`, pid, host: hostname(), since: '2026-01-01T00:00:00Z', start: '1' })}\n`,
    );
    const replies = await Promise.all(
      racers.map(
        (child) =>
          new Promise<Reply>((resolve) => {
            const onMessage = (reply: Reply): void => {
              if (reply.trial !== trial) return;
              child.off('message', onMessage);
              resolve(reply);
            };
            child.on('message', onMessage);
            child.send({ trial, lockPath });
          }),
      ),
    );
    expect(replies.filter((r) => r.error)).toEqual([]);
    if (replies.some((r) => (r.holders ?? 0) > 1)) doubleHolders += 1;
    takeovers += replies.filter((r) => r.tookOver).length;
    expect(replies.some((r) => r.acquired)).toBe(true);
  }
  expect(doubleHolders).toBe(0);
  // Each trial's stale lock was taken over exactly once (later holders found it free or fresh).
  expect(takeovers).toBe(TRIALS);
}, 180_000);

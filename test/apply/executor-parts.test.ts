/** The executor's parts in isolation: AIMD limit, the pool, saved-plan reconciliation, progress output. */
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../src/apply/adaptive-limit.js';
import { reconcilePlan } from '../../src/apply/reconcile-plan.js';
import { runPool } from '../../src/util/run-pool.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import type { LiveBody } from '../../src/plan/types.js';
import { createProgress } from '../../src/cli/progress.js';
import { body, change, INBOX } from '../helpers/state.js';

describe('AdaptiveLimit', () => {
  it('halves once per cooldown while throttled and grows back by one per window of successes', () => {
    let now = 0;
    const limit = new AdaptiveLimit({ max: 16, cooldownMs: 1000, now: () => now });
    limit.throttled();
    limit.throttled(); // same burst: counted once
    expect(limit.current).toBe(8);
    now = 1500;
    limit.throttled();
    expect(limit.current).toBe(4);
    for (let i = 0; i < 4; i++) limit.succeeded();
    expect(limit.current).toBe(5);
    for (let i = 0; i < 1000; i++) limit.succeeded();
    expect(limit.current).toBe(16);
    for (let i = 0; i < 10; i++) {
      now += 2000;
      limit.throttled();
    }
    expect(limit.current).toBe(1);
  });
});

describe('runPool', () => {
  it('keeps at most limit.current in flight, and starts nothing once stopped', async () => {
    const limit = { current: 3 };
    let active = 0;
    let most = 0;
    const seen: number[] = [];
    const started = await runPool(
      Array.from({ length: 20 }, (_, i) => i),
      limit,
      async (i) => {
        active += 1;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 2));
        seen.push(i);
        active -= 1;
      },
      () => seen.length >= 7,
    );
    expect(most).toBe(3);
    expect(started).toBeLessThan(20);
    expect(seen).toHaveLength(started); // those in flight finished
  });
});

describe('reconcilePlan', () => {
  const liveOf = (sourceId: string, id: string, name = `Name ${sourceId}`): [string, LiveBody] => [
    `${INBOX}/${sourceId}`,
    { contact_id: id, body: body(sourceId, { name }) },
  ];

  it('turns a create whose contact is already live into an adoption, never a second POST', () => {
    const live = new Map([liveOf('same', 'id-1'), liveOf('renamed', 'id-2', 'Old name')]);
    const [same, renamed, fresh] = reconcilePlan(
      [change('same', 'create'), change('renamed', 'create'), change('fresh', 'create')],
      live,
    );
    expect([same?.action, same?.contact_id, same?.adopted]).toEqual(['no-op', 'id-1', true]);
    expect([renamed?.action, renamed?.contact_id, renamed?.changed_fields]).toEqual([
      'update',
      'id-2',
      ['name'],
    ]);
    expect(fresh?.action).toBe('create');
  });

  it('refuses a plan whose updated contact is gone or has another id', () => {
    const live = new Map([liveOf('moved', 'id-new')]);
    expect(() =>
      reconcilePlan([change('gone', 'update', 'id-gone'), change('moved', 'update', 'id-old')], live),
    ).toThrow(
      'the plan no longer applies (MaiAgent changed since it was made); make a new plan:\n' +
        '  - web-chat/gone no longer exists in MaiAgent\n' +
        '  - web-chat/moved is now contact id-new, not id-old',
    );
  });
});

describe('progress', () => {
  const done = (sourceId: string): ApplyEvent => ({
    kind: 'done',
    change: change(sourceId, 'create'),
    outcome: 'created',
    contactId: `id-${sourceId}`,
  });

  it('prints one plain line per change without a terminal', () => {
    let text = '';
    const p = createProgress({ total: 2, tty: false, write: (t) => (text += t) });
    p.event(done('a'));
    p.event({ kind: 'failed', change: change('b', 'create'), reason: 'HTTP 400' });
    p.done();
    expect(text).toBe('created web-chat/a (id-a)\nfailed web-chat/b: HTTP 400\n');
  });

  it('without a terminal, gathers the lines of many turns into one write, and writes the rest at done()', async () => {
    const writes: string[] = [];
    const p = createProgress({ total: 3, tty: false, write: (t) => writes.push(t), intervalMs: 3_600_000 });
    p.event(done('a'));
    await new Promise((resolve) => setImmediate(resolve));
    p.event(done('b'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([]); // not one write per change, nor one per event-loop turn
    p.event(done('c'));
    p.done();
    expect(writes).toEqual([
      'created web-chat/a (id-a)\ncreated web-chat/b (id-b)\ncreated web-chat/c (id-c)\n',
    ]);
  });

  it('without a terminal, writes gathered lines once intervalMs has passed, without waiting for done()', async () => {
    const writes: string[] = [];
    const p = createProgress({ total: 3, tty: false, write: (t) => writes.push(t), intervalMs: 1 });
    p.event(done('a'));
    p.event(done('b'));
    while (writes.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(writes).toEqual(['created web-chat/a (id-a)\ncreated web-chat/b (id-b)\n']);
    p.done();
    expect(writes).toHaveLength(1);
  });

  it('redraws the bar at most every 100 ms on a terminal, and always at the end', () => {
    let now = 0;
    const writes: string[] = [];
    const p = createProgress({
      total: 100,
      tty: true,
      width: 10,
      write: (t) => writes.push(t),
      now: () => now,
    });
    for (let i = 0; i < 100; i++) {
      now += 1; // 100 events in 100 ms
      p.event(done(String(i)));
    }
    p.done();
    const bars = writes.filter((w) => w.startsWith('\r['));
    expect(bars.length).toBeLessThanOrEqual(4);
    expect(bars.at(-1)).toBe('\r[##########] 100/100\x1b[K');
    expect(writes.at(-1)).toBe('\n');
  });
});

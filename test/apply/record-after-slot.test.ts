import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { executePlan } from '../../src/apply/execute-plan.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import type { Change } from '../../src/plan/types.js';
import type { StateEntry, StateEntryInput } from '../../src/state/types.js';
import { change } from '../helpers/state.js';

const create = (sourceId: string): Change => change(sourceId, 'create');

describe('executePlan and the state records', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, apiKey: 'record-test-key' });
  });
  afterAll(() => emulator.close());

  it('frees the slot once MaiAgent answers, counts a change once its record is on disk, and waits for every record', async () => {
    const client = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    const gates: (() => void)[] = [];
    const recorded: string[] = [];
    const store = {
      get: () => undefined,
      remove: () => Promise.resolve(false),
      // A slow disk: each record lands only when the test says so.
      record: (entry: StateEntryInput) =>
        new Promise<StateEntry>((resolve) =>
          gates.push(() => {
            recorded.push(entry.source_id);
            resolve(entry as unknown as StateEntry);
          }),
        ),
    };
    let finished = false;
    const run = executePlan([create('first'), create('second')], { client, store, parallelism: 1 }).then(
      (result) => ((finished = true), result),
    );
    // With one slot, the second POST goes out while the first record is still waiting for the disk.
    // (Waits as long as that takes: a generous bound, not a speed requirement.)
    for (const end = Date.now() + 30_000; gates.length < 2 && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 10));
    expect(emulator.stats.byMethod['POST']).toBe(2);
    expect(recorded).toEqual([]);
    expect(finished).toBe(false);
    gates.forEach((open) => open());
    const result = await run;
    expect(recorded).toEqual(['first', 'second']);
    expect(result.summary.created).toBe(2);
    expect(result.failures).toEqual([]);
  });

  it('sends the next request before recording the change whose response came in (the record waits for the turn to end)', async () => {
    const api = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    const order: string[] = [];
    const client = {
      ...api,
      createContact: (body: Parameters<typeof api.createContact>[0]) => {
        order.push(`POST ${body.source_id}`);
        return api.createContact(body);
      },
    };
    const store = {
      get: () => undefined,
      remove: () => Promise.resolve(false),
      record: (entry: StateEntryInput) => {
        order.push(`record ${entry.source_id}`);
        return Promise.resolve(entry as unknown as StateEntry);
      },
    };
    const result = await executePlan([create('one'), create('two'), create('three')], {
      client,
      store,
      parallelism: 1,
    });
    expect(result.summary.created).toBe(3);
    expect(order).toEqual(['POST one', 'POST two', 'record one', 'POST three', 'record two', 'record three']);
    await api.close();
  });
});

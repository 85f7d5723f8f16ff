/**
 * apply in the test process (what the CLI's apply command does, minus argv, printing and confirmation):
 * config -> refresh (with confirmation by id) -> plan -> execute, against a real emulator over real HTTP
 * and a real state file. For behaviours whose contract is not the process.
 */
import { join } from 'node:path';
import { createClient, type ClientOptions, type MaiAgentClient } from '../../src/api/client.js';
import { AdaptiveLimit } from '../../src/apply/adaptive-limit.js';
import { holdDuplicates, reachEveryCopy } from '../../src/apply/duplicate-copies.js';
import { executePlan, pendingChanges } from '../../src/apply/execute-plan.js';
import { refreshWarnings, type RefreshResult } from '../../src/apply/refresh-live.js';
import { emptySummary, type ApplyResult } from '../../src/apply/types.js';
import { refreshForConfig } from '../../src/cli/refresh-plan.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { RunningEmulator } from '../../src/emulator/start-emulator.js';
import { refuseErrorFindings } from '../../src/plan/duplicate-findings.js';
import { makePlan } from '../../src/plan/make-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { openState } from '../../src/state/open-state.js';

export interface InProcessApply {
  plan: Plan;
  refreshed: RefreshResult;
  result: ApplyResult;
}

export function clientFor(emulator: RunningEmulator, options: Partial<ClientOptions> = {}): MaiAgentClient {
  return createClient({
    baseUrl: emulator.url,
    apiKey: emulator.apiKey,
    backoff: { baseMs: 5, maxMs: 50 },
    ...options,
  });
}

/** Plans `dir/contacts.yaml` against the emulator and the state in `dir`, then applies every change. */
export async function applyInProcess(
  dir: string,
  emulator: RunningEmulator,
  options: { parallelism?: number; client?: MaiAgentClient; planOnly?: boolean } = {},
): Promise<InProcessApply> {
  const { config, diagnostics } = await loadConfig([join(dir, 'contacts.yaml')]);
  if (!config) throw new Error(`config does not load: ${JSON.stringify(diagnostics)}`);
  const parallelism = options.parallelism ?? 8;
  const client = options.client ?? clientFor(emulator, { concurrency: parallelism });
  const store = await openState(join(dir, 'contacts.state.json'), { lock: true, command: 'apply' });
  try {
    const refreshed = await refreshForConfig(client, config.value, store, parallelism);
    const { plan } = makePlan({
      config: config.value,
      state: store,
      live: refreshed.live,
      copies: refreshed.copies,
    });
    plan.warnings.push(...refreshWarnings(refreshed));
    const limit = new AdaptiveLimit({ max: parallelism });
    let result: ApplyResult = { summary: emptySummary(), failures: [], interrupted: false };
    if (!options.planOnly) {
      refuseErrorFindings(plan.findings); // as the apply command does, before any request
      const held = holdDuplicates(plan.changes, refreshed);
      const work = pendingChanges(held.work, store);
      result = await executePlan(work, { client, store, limit });
      const extra = await reachEveryCopy(client, store, plan.changes, refreshed);
      result.failures.push(...extra.failures);
      result.summary.failed += extra.failures.length;
      result.summary.updated += extra.updated;
      result.summary.revoked += extra.revoked;
      result.summary.deleted += extra.deleted;
    }
    await store.commit();
    return { plan, refreshed, result };
  } finally {
    await store.close();
  }
}

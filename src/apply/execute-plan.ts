/**
 * Executes a plan's changes: concurrently (an AdaptiveLimit over --parallelism), each recorded in state
 * the moment it lands (one journal line: O(1) per change), failures collected rather than thrown. Once
 * `shouldStop()` turns true no new change starts; those in flight finish and are recorded.
 */
import type { MaiAgentClient } from '../api/client.js';
import { ApiError } from '../errors.js';
import type { Change } from '../plan/types.js';
import { identityKey } from '../resolve/identity.js';
import type { StateStore } from '../state/open-state.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { applyChange, needsWork, type ChangeContext } from './apply-change.js';
import { runPool } from '../util/run-pool.js';
import { emptySummary, type ApplyEvent, type ApplyFailure, type ApplyResult, type Outcome } from './types.js';

export interface ExecuteOptions {
  client: MaiAgentClient;
  store: Pick<StateStore, 'record' | 'remove' | 'get'>;
  /** The concurrency; made from `parallelism` when absent (pass one to feed it the client's 429s). */
  limit?: AdaptiveLimit;
  parallelism?: number;
  shouldStop?: () => boolean;
  onEvent?: (event: ApplyEvent) => void;
  createAttempts?: number;
  createRetryDelayMs?: number;
}

/** The changes apply has work for, in plan order. */
export function pendingChanges(changes: readonly Change[], store: Pick<StateStore, 'get'>): Change[] {
  return changes.filter((c) => needsWork(c, store.get(identityKey(c.inbox, c.source_id))));
}

const COUNTER: Record<Outcome, keyof ReturnType<typeof emptySummary>> = {
  created: 'created',
  adopted: 'adopted',
  updated: 'updated',
  revoked: 'revoked',
  deleted: 'deleted',
  forgotten: 'forgotten',
  recorded: 'recorded',
};

export async function executePlan(changes: readonly Change[], options: ExecuteOptions): Promise<ApplyResult> {
  const limit = options.limit ?? new AdaptiveLimit({ max: options.parallelism ?? 8 });
  const shouldStop = options.shouldStop ?? (() => false);
  const summary = emptySummary();
  const failures: ApplyFailure[] = [];
  const ctx: ChangeContext = { client: options.client, store: options.store };
  if (options.createAttempts !== undefined) ctx.createAttempts = options.createAttempts;
  if (options.createRetryDelayMs !== undefined) ctx.createRetryDelayMs = options.createRetryDelayMs;

  const recording: Promise<void>[] = [];
  const started = await runPool(
    changes,
    limit,
    async (change) => {
      const fail = (error: unknown): void => {
        const reason = describeFailure(error);
        summary.failed += 1;
        failures.push({ address: change.address, action: change.action, reason });
        options.onEvent?.({ kind: 'failed', change, reason });
      };
      try {
        const done = await applyChange(ctx, change);
        limit.succeeded();
        // The slot is free once MaiAgent has answered; the change counts as done once its record is on disk.
        recording.push(
          done.durable.then(() => {
            summary[COUNTER[done.outcome]] += 1;
            options.onEvent?.({ kind: 'done', change, outcome: done.outcome, contactId: done.contactId });
          }, fail),
        );
      } catch (error) {
        fail(error);
      }
    },
    shouldStop,
  );
  await Promise.all(recording);
  summary.skipped = changes.length - started;
  failures.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { summary, failures, interrupted: summary.skipped > 0 };
}

function describeFailure(error: unknown): string {
  if (error instanceof ApiError) {
    const server = error.details.serverMessage ? ` (server said: ${error.details.serverMessage})` : '';
    return `${error.message}${server}`;
  }
  return error instanceof Error ? error.message : String(error);
}

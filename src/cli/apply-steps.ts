/**
 * The two jobs of `apply` between opening the state and closing it: decide what to apply (a saved plan
 * reconciled with what is live, or a fresh plan shown and confirmed), then run it (held duplicates, the
 * executor with progress, every copy of a revoked or deleted contact). The command file owns options,
 * signals and the state's lifecycle.
 */
import type { MaiAgentClient } from '../api/client.js';
import type { AdaptiveLimit } from '../apply/adaptive-limit.js';
import { holdDuplicates, reachEveryCopy } from '../apply/duplicate-copies.js';
import { executePlan, pendingChanges } from '../apply/execute-plan.js';
import { reconcilePlan } from '../apply/reconcile-plan.js';
import {
  expectedFrom,
  managedInboxes,
  refreshLive,
  refreshWarnings,
  type RefreshResult,
} from '../apply/refresh-live.js';
import type { ApplyResult } from '../apply/types.js';
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { PlanError, UsageError } from '../errors.js';
import { enforceSafety } from '../plan/assess-safety.js';
import { duplicateFindings, refuseErrorFindings } from '../plan/duplicate-findings.js';
import { makePlan } from '../plan/make-plan.js';
import { hasChanges } from '../plan/plan-changes.js';
import { checkPlanFresh } from '../plan/plan-file.js';
import type { Change, Plan } from '../plan/types.js';
import { PLAN_REPORTERS } from '../report/plan/index.js';
import { namesFromConfig } from '../report/plan/names.js';
import type { StateStore } from '../state/open-state.js';
import { confirmYes } from './confirm.js';
import { errRaw, out, stderrIsTTY } from './io.js';
import { createProgress } from './progress.js';
import { refreshForConfig } from './refresh-plan.js';

export interface ApplyChoices {
  autoApprove: boolean;
  force: boolean;
  allowDelete: boolean;
  target: string[];
}

/** What apply is about to do, and the live copies it found on the way. */
export interface ChangesToApply {
  changes: readonly Change[];
  copies: Pick<RefreshResult, 'copies' | 'unresolved'>;
}

/** A saved plan, refreshed and reconciled with what is live (refused when stale or not allowed). */
export async function changesFromSavedPlan(
  client: MaiAgentClient,
  store: StateStore,
  saved: Plan,
  planFile: string,
  choices: ApplyChoices,
  parallelism: number,
): Promise<ChangesToApply> {
  checkPlanFresh(saved, store.snapshot());
  checkAllowed(saved, choices);
  const refreshed = await refreshLive(client, managedInboxes([], saved.changes), {
    concurrency: parallelism,
    expected: expectedFrom(saved.changes),
  });
  const changes = reconcilePlan(saved.changes, refreshed.live);
  // what is live now decides: copies made since the plan was saved count too
  refuseErrorFindings(duplicateFindings(changes, refreshed.copies, store));
  out(`Applying the saved plan ${planFile} (${saved.changes.length} contact(s)).`);
  return { changes, copies: refreshed };
}

/** A fresh plan, printed and confirmed; undefined when there is nothing to apply. */
export async function changesFromConfig(
  client: MaiAgentClient,
  store: StateStore,
  config: ContactsConfig,
  choices: ApplyChoices,
  parallelism: number,
  color: boolean,
): Promise<ChangesToApply | undefined> {
  const refreshed = await refreshForConfig(client, config, store, parallelism);
  const { plan } = makePlan({
    config,
    state: store,
    live: refreshed.live,
    copies: refreshed.copies,
    targets: choices.target,
  });
  plan.warnings.push(...refreshWarnings(refreshed));
  out(PLAN_REPORTERS.text(plan, { color, names: namesFromConfig(config) }));
  refuseErrorFindings(plan.findings); // before anything is sent, like the safety rules
  if (!hasChanges(plan)) {
    out('\nNothing to apply: MaiAgent and state already match the config.');
    return undefined;
  }
  checkAllowed(plan, choices);
  if (!choices.autoApprove && !(await confirmYes('\nApply these changes? Only "yes" is accepted: '))) {
    throw new UsageError('apply cancelled; nothing was changed');
  }
  return { changes: plan.changes, copies: refreshed };
}

/**
 * Runs the changes: those of duplicated identities go copy by copy (reachEveryCopy), the rest through
 * the executor with progress.
 */
export async function runChanges(
  client: MaiAgentClient,
  store: StateStore,
  { changes, copies }: ChangesToApply,
  limit: AdaptiveLimit,
  shouldStop: () => boolean,
): Promise<ApplyResult> {
  const held = holdDuplicates(changes, copies);
  const work = pendingChanges(held.work, store);
  const progress = createProgress({
    total: work.length,
    tty: stderrIsTTY(),
    write: errRaw,
  });
  const applied = await executePlan(work, {
    client,
    store,
    limit,
    shouldStop,
    onEvent: (event) => progress.event(event),
  });
  progress.done();
  const extra = shouldStop() ? undefined : await reachEveryCopy(client, store, changes, copies);
  const failures = [...applied.failures, ...(extra?.failures ?? [])];
  failures.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  applied.failures = failures;
  applied.summary.failed += extra?.failures.length ?? 0;
  applied.summary.updated += extra?.updated ?? 0;
  applied.summary.revoked += extra?.revoked ?? 0;
  applied.summary.deleted += extra?.deleted ?? 0;
  return applied;
}

/** Safety rules (unless --force) and deletes (only with --allow-delete). */
function checkAllowed(plan: Plan, choices: ApplyChoices): void {
  enforceSafety(plan, { force: choices.force });
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  if (deletes.length > 0 && !choices.allowDelete) {
    const list = deletes.map((c) => `  - ${c.address}`).join('\n');
    throw new PlanError(
      `the plan deletes ${deletes.length} contact(s); rerun with --allow-delete to accept:\n${list}`,
    );
  }
}

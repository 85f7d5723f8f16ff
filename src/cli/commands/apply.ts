/**
 * `mai-contacts apply [PLAN_FILE]`: carry out a saved plan, or plan, show it, confirm and apply. The state
 * lock is held throughout; apply always refreshes first (see reconcile-plan.ts for a saved plan), so a
 * contact whose create landed unrecorded (a crash, a lost response) is adopted, never created twice.
 */
import type { Command } from 'commander';
import { AdaptiveLimit } from '../../apply/adaptive-limit.js';
import { holdDuplicates, reachEveryCopy } from '../../apply/duplicate-copies.js';
import { executePlan, pendingChanges } from '../../apply/execute-plan.js';
import { reconcilePlan } from '../../apply/reconcile-plan.js';
import {
  expectedFrom,
  managedInboxes,
  refreshLive,
  refreshWarnings,
  type RefreshResult,
} from '../../apply/refresh-live.js';
import type { ApplyResult } from '../../apply/types.js';
import { PlanError, UsageError } from '../../errors.js';
import { enforceSafety } from '../../plan/assess-safety.js';
import { makePlan } from '../../plan/make-plan.js';
import { hasChanges } from '../../plan/plan-changes.js';
import { checkPlanFresh } from '../../plan/plan-file.js';
import { readPlanFile } from '../plan-file-io.js';
import type { Change, Plan } from '../../plan/types.js';
import { PLAN_REPORTERS } from '../../report/plan/index.js';
import { namesFromConfig } from '../../report/plan/names.js';
import { openCliState } from '../open-cli-state.js';
import { withClient } from '../api-client.js';
import { formatApplySummary } from '../apply-report.js';
import { canConfirm, confirmYes } from '../confirm.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions } from '../global-options.js';
import { colorEnabled, err, out } from '../io.js';
import { loadValidConfig } from '../load-valid-config.js';
import { parseDuration } from '../parse-duration.js';
import { parsePositiveInt, parsePositiveNumber } from '../parse-number.js';
import { createProgress } from '../progress.js';
import { refreshForConfig } from '../refresh-plan.js';

interface ApplyOptions {
  autoApprove: boolean;
  force: boolean;
  allowDelete: boolean;
  parallelism: string;
  maxRps?: string;
  lockTimeout: string;
  target: string[];
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .argument('[plan-file]', 'a plan saved with `plan --out FILE` (refused when stale or edited)')
    .description(
      'apply a saved plan, or plan, confirm and apply; every change is recorded in state as it lands',
    )
    .option('--auto-approve', 'apply without asking (needed without a terminal, e.g. in CI)', false)
    .option('--force', 'accept a plan the safety rules refuse (mass change, tier downgrade)', false)
    .option('--allow-delete', 'allow deleting contacts (on_removal: delete)', false)
    .option('--parallelism <n>', 'changes (and pages of live contacts) in flight at once', '8')
    .option('--max-rps <n>', 'at most this many API requests per second')
    .option('--lock-timeout <duration>', 'wait this long for another apply to release the state', '0s')
    .option(
      '--target <address>',
      'apply only this contact (`<inbox alias>/<source_id>`, or `<inbox alias>/*`); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (planFile: string | undefined, opts: ApplyOptions, command: Command) => {
      const options = globalOptions(command);
      const parallelism = parsePositiveInt(opts.parallelism, '--parallelism');
      const maxRps = opts.maxRps !== undefined ? parsePositiveNumber(opts.maxRps, '--max-rps') : undefined;
      const lockTimeoutMs = parseDuration(opts.lockTimeout);
      if (planFile && opts.target.length > 0) {
        throw new UsageError('--target cannot narrow a saved plan; make the plan with --target instead');
      }
      if (!planFile && !opts.autoApprove && !canConfirm()) {
        throw new UsageError(
          'apply asks for confirmation on a terminal; without one (CI), pass --auto-approve or apply a saved plan',
        );
      }
      const saved = planFile ? await readPlanFile(planFile) : undefined;
      const config = saved ? undefined : await loadValidConfig(options);

      const store = await openCliState(options, { lock: true, lockTimeoutMs, command: 'apply' });
      const serialAtOpen = store.serial;
      let stopping = false;
      let active: { abort(): void } | undefined;
      const onSignal = (signal: NodeJS.Signals): void => {
        if (stopping) process.exit(EXIT.error); // a second signal: what landed is already journaled
        stopping = true;
        // Requests in flight are aborted and none is sent after this (no retry, no lookup, no POST);
        // a create cut short is reported with an unknown outcome, and the next apply finds it live.
        active?.abort();
        err(
          `\n${signal}: stopping; requests in flight were aborted and no new one starts; what landed is recorded`,
        );
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        for (const notice of store.notices) err(`note: ${notice}`);
        const limit = new AdaptiveLimit({ max: parallelism });
        const result = await withClient(
          options,
          async (client): Promise<ApplyResult | undefined> => {
            active = client;
            if (stopping) client.abort();
            let changes: readonly Change[];
            let copies: Pick<RefreshResult, 'copies' | 'unresolved'>;
            if (saved) {
              checkPlanFresh(saved, store.snapshot());
              checkAllowed(saved, opts);
              const inboxes = managedInboxes([], saved.changes);
              const refreshed = await refreshLive(client, inboxes, {
                concurrency: parallelism,
                expected: expectedFrom(saved.changes),
              });
              changes = reconcilePlan(saved.changes, refreshed.live);
              copies = refreshed;
              out(`Applying the saved plan ${planFile ?? ''} (${saved.changes.length} contact(s)).`);
            } else {
              const value = (config as NonNullable<typeof config>).value;
              const refreshed = await refreshForConfig(client, value, store, parallelism);
              copies = refreshed;
              const { plan } = makePlan({
                config: value,
                state: store,
                live: refreshed.live,
                targets: opts.target,
              });
              plan.warnings.push(...refreshWarnings(refreshed));
              const color = colorEnabled(!options.color);
              out(PLAN_REPORTERS.text(plan, { color, names: namesFromConfig(value) }));
              if (!hasChanges(plan)) {
                out('\nNothing to apply: MaiAgent and state already match the config.');
                return undefined;
              }
              checkAllowed(plan, opts);
              if (
                !opts.autoApprove &&
                !(await confirmYes('\nApply these changes? Only "yes" is accepted: '))
              ) {
                throw new UsageError('apply cancelled; nothing was changed');
              }
              changes = plan.changes;
            }
            const held = holdDuplicates(changes, copies);
            const work = pendingChanges(held.work, store);
            const progress = createProgress({
              total: work.length,
              tty: Boolean(process.stderr.isTTY),
              write: (text) => process.stderr.write(text),
            });
            const applied = await executePlan(work, {
              client,
              store,
              limit,
              shouldStop: () => stopping || store.lockLost() !== undefined,
              onEvent: (event) => progress.event(event),
            });
            progress.done();
            const extra = stopping ? undefined : await reachEveryCopy(client, store, changes, copies);
            const failures = [...applied.failures, ...held.refused, ...(extra?.failures ?? [])];
            failures.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
            applied.failures = failures;
            applied.summary.failed += held.refused.length + (extra?.failures.length ?? 0);
            applied.summary.revoked += extra?.revoked ?? 0;
            applied.summary.deleted += extra?.deleted ?? 0;
            return applied;
          },
          {
            concurrency: parallelism,
            ...(maxRps !== undefined ? { maxRps } : {}),
            audit: (event) => {
              if (event.status === 429) limit.throttled();
            },
          },
        );
        const lost = store.lockLost();
        if (lost)
          err(`Error: ${lost}; apply stopped starting changes. Run apply again: it adopts what landed.`);
        if (result) {
          out(formatApplySummary(result));
          process.exitCode = result.summary.failed > 0 || result.interrupted || lost ? EXIT.error : EXIT.ok;
        } else if (stopping || lost) {
          process.exitCode = EXIT.error;
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        try {
          if (store.serial !== serialAtOpen && !store.lockLost()) await store.commit();
        } finally {
          await store.close();
        }
      }
    });
}

/** Safety rules (unless --force) and deletes (only with --allow-delete). */
function checkAllowed(plan: Plan, opts: ApplyOptions): void {
  enforceSafety(plan, { force: opts.force });
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  if (deletes.length > 0 && !opts.allowDelete) {
    const list = deletes.map((c) => `  - ${c.address}`).join('\n');
    throw new PlanError(
      `the plan deletes ${deletes.length} contact(s); rerun with --allow-delete to accept:\n${list}`,
    );
  }
}

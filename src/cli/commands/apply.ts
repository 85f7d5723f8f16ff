/**
 * `mai-contacts apply [PLAN_FILE]`: carry out a saved plan, or plan, show it, confirm and apply. The state
 * lock is held throughout; apply always refreshes first (see reconcile-plan.ts for a saved plan), so a
 * contact whose create landed unrecorded (a crash, a lost response) is adopted, never created twice.
 */
import type { Command } from 'commander';
import { AdaptiveLimit } from '../../apply/adaptive-limit.js';
import type { ApplyResult } from '../../apply/types.js';
import { UsageError } from '../../errors.js';
import { withClient } from '../api-client.js';
import { formatApplySummary } from '../apply-report.js';
import { changesFromConfig, changesFromSavedPlan, runChanges } from '../apply-steps.js';
import { canConfirm } from '../confirm.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions } from '../global-options.js';
import { colorEnabled, err, out } from '../io.js';
import { loadValidConfig } from '../load-valid-config.js';
import { openCliState } from '../open-cli-state.js';
import { parseDuration } from '../parse-duration.js';
import { parsePositiveInt, parsePositiveNumber } from '../parse-number.js';
import { readPlanFile } from '../plan-file-io.js';

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
      // The state is opened (its lock taken) while the config loads, so that a database's handshake
      // overlaps reading the config; the config's errors still come first, and the state is then closed
      // unused. With --lock-timeout the open may wait for another apply: it starts only after the config
      // is known to be good, so that a config error is never held up by that wait.
      const open = () => openCliState(options, { lock: true, lockTimeoutMs, command: 'apply' });
      const early = saved || lockTimeoutMs > 0 ? undefined : open();
      early?.catch(() => undefined); // met below, once the config is known to be good
      let config: Awaited<ReturnType<typeof loadValidConfig>> | undefined;
      try {
        config = saved ? undefined : await loadValidConfig(options);
      } catch (error) {
        await early?.then(
          (store) => store.close(),
          () => undefined,
        );
        throw error;
      }

      const store = await (early ?? open());
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
            const todo = saved
              ? await changesFromSavedPlan(client, store, saved, planFile ?? '', opts, parallelism)
              : await changesFromConfig(
                  client,
                  store,
                  (config as NonNullable<typeof config>).value,
                  opts,
                  parallelism,
                  colorEnabled(!options.color),
                );
            if (!todo) return undefined;
            return runChanges(client, store, todo, limit, () => stopping || store.lockLost() !== undefined);
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

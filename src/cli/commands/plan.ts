/** `mai-contacts plan`: resolve, diff with state, print; `--out FILE` saves the plan for apply. */
import type { Command } from 'commander';
import { hasApiKey } from '../../api/api-key.js';
import { refreshWarnings } from '../../apply/refresh-live.js';
import { UsageError } from '../../errors.js';
import { errorFindings } from '../../plan/duplicate-findings.js';
import { makePlan } from '../../plan/make-plan.js';
import { hasChanges } from '../../plan/plan-changes.js';
import { discardPlanFile, writePlanFile } from '../plan-file-io.js';
import { planAccessSection } from '../../report/access/plan-access-section.js';
import { planAccess } from '../../plan/plan-access.js';
import { isPlanFormat, PLAN_REPORTERS } from '../../report/plan/index.js';
import { planJsonChunks } from '../../report/plan/json.js';
import { namesFromConfig } from '../../report/plan/names.js';
import { describeHolder } from '../../state/store.js';
import { openCliState } from '../open-cli-state.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions } from '../global-options.js';
import { colorEnabled, err, out, outChunks } from '../io.js';
import { prepareOutputFile } from '../output-file.js';
import { loadValidConfig } from '../load-valid-config.js';
import { parseDuration } from '../parse-duration.js';
import { parsePositiveInt } from '../parse-number.js';

interface PlanOptions {
  format: string;
  out?: string;
  detailedExitcode: boolean;
  target: string[];
  refresh: boolean;
  lockTimeout: string;
  parallelism: string;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description(
      'resolve the config, diff it with state (and MaiAgent when refreshed) and print what apply would do',
    )
    .option('--format <format>', 'text | markdown | json', 'text')
    .option('--out <file>', 'save the JSON plan, with a digest, for `apply FILE`')
    .option(
      '--detailed-exitcode',
      'exit 2 when there are changes (0 none, 1 error, including an error finding in the plan)',
      false,
    )
    .option(
      '--target <address>',
      'plan only this contact (`<inbox alias>/<source_id>`, or `<inbox alias>/*`); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--no-refresh',
      'plan from state alone, without reading MaiAgent (the default without MAIAGENT_API_KEY)',
    )
    .option('--lock-timeout <duration>', 'wait this long for a running apply to release the state', '0s')
    .option('--parallelism <n>', 'pages of live contacts read at once when refreshing', '8')
    .action(async (opts: PlanOptions, command: Command) => {
      const options = globalOptions(command);
      if (!isPlanFormat(opts.format))
        throw new UsageError(`unknown format "${opts.format}" (text, markdown, json)`);
      const lockTimeoutMs = parseDuration(opts.lockTimeout);
      const parallelism = parsePositiveInt(opts.parallelism, '--parallelism');
      // plan reads without taking the lock (a reader never blocks an apply); it only waits for one to finish.
      // Compact: entries are decoded only where the plan needs them (a million-row roster). The state is
      // read while the config loads, so that a database's answer overlaps with reading a roster; the
      // config's errors still come first, and a state that fails to open is then never mentioned.
      const opening = openCliState(options, {
        lock: false,
        waitWhileLockedMs: lockTimeoutMs,
        compact: true,
      });
      opening.catch(() => undefined); // met below, once the config is known to be good
      let config: Awaited<ReturnType<typeof loadValidConfig>>;
      try {
        config = await loadValidConfig(options);
        if (opts.out) await prepareOutputFile(opts.out, '--out'); // before the first API call
      } catch (error) {
        await opening.then(
          (store) => store.close(),
          () => undefined,
        );
        throw error;
      }
      const store = await opening;
      try {
        const holder = store.lockedBy;
        for (const notice of store.notices) err(`note: ${notice}`);
        // The HTTP client (undici and the rest) is loaded only when the plan reads MaiAgent.
        const refreshed =
          opts.refresh && hasApiKey(process.env)
            ? await import('../refresh-plan.js').then(({ refreshWithClient }) =>
                refreshWithClient(options, config.value, store, parallelism),
              )
            : undefined;

        const { plan, resolver } = makePlan({
          config: config.value,
          state: store,
          targets: opts.target,
          ...(refreshed ? { live: refreshed.live, copies: refreshed.copies } : {}),
        });
        const errors = errorFindings(plan.findings);
        if (refreshed) plan.warnings.push(...refreshWarnings(refreshed));
        if (holder) {
          plan.warnings.push(
            `the state is locked by ${describeHolder(holder)}: an apply may be running, so this plan may be stale`,
          );
        }
        // like Terraform, a plan with errors is not saved: apply would refuse it
        if (opts.out && errors.length === 0) await writePlanFile(opts.out, plan);
        else if (opts.out) await discardPlanFile(opts.out);
        const color = opts.format === 'text' && colorEnabled(!options.color);
        if (opts.format === 'json') {
          // JSON goes out in pieces: a 100,000-contact plan is 180 MB of text.
          outChunks(planJsonChunks(plan));
        } else {
          const extraSections =
            opts.format === 'markdown'
              ? [planAccessSection(planAccess(plan, config.value, resolver))]
              : undefined;
          out(
            PLAN_REPORTERS[opts.format](plan, {
              color,
              names: namesFromConfig(config.value),
              ...(extraSections ? { extraSections } : {}),
            }),
          );
        }
        if (errors.length > 0) {
          // exit 1 with or without --detailed-exitcode: apply would refuse this plan
          err(
            `error: the plan has ${errors.length} error finding(s) (${[...new Set(errors.map((f) => f.rule))].join(', ')}); ` +
              `apply refuses it until they are resolved${opts.out ? `; the plan was not saved to ${opts.out}` : ''}`,
          );
          process.exitCode = EXIT.error;
          return;
        }
        if (opts.out) err(`Saved the plan to ${opts.out}; apply it with: mai-contacts apply ${opts.out}`);
        process.exitCode = opts.detailedExitcode && hasChanges(plan) ? EXIT.changes : EXIT.ok;
      } finally {
        await store.close();
      }
    });
}

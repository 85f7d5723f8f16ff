/** `mai-contacts test`: runs the config's permission assertions (`tests:`); exit 1 when one fails. */
import type { Command } from 'commander';
import { hasErrors } from '../../config/diagnostic.js';
import { validateConfig } from '../../validate/validate-config.js';
import { RULES } from '../../validate/rules.js';
import { runPermissionTests } from '../../permissions/run-permission-tests.js';
import { REPORTERS } from '../../report/diagnostics/index.js';
import { isTestReportFormat, TEST_REPORTERS } from '../../report/permission-tests/index.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions, loadFromOptions } from '../global-options.js';
import { colorEnabled, out } from '../io.js';

/** The rules that judge permissions themselves: `test` reports tests its own way and leaves policies to validate. */
const PERMISSION_RULES = new Set(['permission-test-failed', 'policy-violation']);

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run the permission assertions declared in the config (tests:); exit 1 if any fails')
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: { format: string }, command: Command) => {
      const options = globalOptions(command);
      if (!isTestReportFormat(opts.format)) throw new UsageError(`unknown format "${opts.format}"`);
      const loaded = await loadFromOptions(options);
      const diagnostics =
        loaded.config && !hasErrors(loaded.diagnostics)
          ? [
              ...loaded.diagnostics,
              ...validateConfig(
                loaded.config,
                RULES.filter((r) => !PERMISSION_RULES.has(r.id)),
              ),
            ]
          : loaded.diagnostics;
      if (!loaded.config || hasErrors(diagnostics)) {
        const format = opts.format === 'json' ? 'json' : 'text';
        out(REPORTERS[format](diagnostics, { color: options.color, cwd: process.cwd() }));
        process.exitCode = EXIT.error;
        return;
      }
      const config = loaded.config;
      const results = runPermissionTests(config.value).map((r) => {
        const location = config.locate(r.path, 'key');
        return location ? { ...r, location } : r;
      });
      out(TEST_REPORTERS[opts.format](results, { color: options.color && colorEnabled(false) }));
      process.exitCode = results.every((r) => r.passed) ? EXIT.ok : EXIT.error;
    });
}

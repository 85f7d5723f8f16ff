/** `mai-contacts validate`: schema and semantic checks of the config. */
import type { Command } from 'commander';
import { checkRemoteReferences } from '../../api/check-remote.js';
import { hasErrors, sortDiagnostics } from '../../config/diagnostic.js';
import { validateConfig } from '../../config/validate-config.js';
import { REPORTERS, isReportFormat, type ReportFormat } from '../../report/diagnostics/index.js';
import { UsageError } from '../../errors.js';
import { withClient } from '../api-client.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions, loadFromOptions } from '../global-options.js';
import { out } from '../io.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the config against the schema and the semantic rules (no network unless --remote)')
    .option('--format <format>', 'text | json | sarif | github', 'text')
    .option('--strict', 'warnings fail too', false)
    .option('--remote', 'also check through the API that every referenced object exists', false)
    .action(async (opts: { format: string; strict: boolean; remote: boolean }, command: Command) => {
      const options = globalOptions(command);
      if (!isReportFormat(opts.format)) throw new UsageError(`unknown format "${opts.format}"`);
      const format: ReportFormat = opts.format;
      const loaded = await loadFromOptions(options);
      let diagnostics =
        loaded.config && !hasErrors(loaded.diagnostics)
          ? [...loaded.diagnostics, ...validateConfig(loaded.config)]
          : loaded.diagnostics;
      const config = loaded.config;
      if (opts.remote && config && !hasErrors(diagnostics)) {
        const remote = await withClient(options, (client) => checkRemoteReferences(config, client));
        diagnostics = sortDiagnostics([...diagnostics, ...remote]);
      }
      out(REPORTERS[format](diagnostics, { color: options.color, cwd: process.cwd() }));
      const failed = hasErrors(diagnostics) || (opts.strict && diagnostics.length > 0);
      process.exitCode = failed ? EXIT.error : EXIT.ok;
    });
}

/** `mai-contacts validate`: schema and semantic checks of the config; `--remote` also asks the API. */
import { Option, type Command } from 'commander';
import { checkRemoteReferences } from '../../validate/check-remote.js';
import { checkConfig, validationFailed } from '../../validate/check-config.js';
import { hasErrors, sortDiagnostics } from '../../config/diagnostic.js';
import { REPORT_FORMATS, REPORTERS, type ReportFormat } from '../../report/diagnostics/index.js';
import { withClient } from '../api-client.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions, loadFromOptions } from '../global-options.js';
import { colorEnabled, out } from '../io.js';

interface ValidateOptions {
  format: ReportFormat;
  strict: boolean;
  remote: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the config against the schema and the semantic rules (no network unless --remote)')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .option('--strict', 'warnings fail too', false)
    .option('--remote', 'also check through the API that every referenced object exists', false)
    .action(async (opts: ValidateOptions, command: Command) => {
      const options = globalOptions(command);
      const loaded = await loadFromOptions(options);
      let diagnostics = checkConfig(loaded);
      const config = loaded.config;
      if (opts.remote && config && !hasErrors(diagnostics)) {
        const remote = await withClient(options, (client) => checkRemoteReferences(config, client));
        diagnostics = sortDiagnostics([...diagnostics, ...remote]);
      }
      const color = opts.format === 'text' && options.color && colorEnabled(false);
      out(
        REPORTERS[opts.format](diagnostics, {
          color,
          cwd: process.cwd(),
          sources: loaded.sources,
          sourceLine: loaded.sourceLine,
        }),
      );
      process.exitCode = validationFailed(diagnostics, opts.strict) ? EXIT.error : EXIT.ok;
    });
}

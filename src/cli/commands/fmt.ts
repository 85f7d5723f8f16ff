/** `mai-contacts fmt [FILES...] [--check]`: canonical formatting of config files, comments kept. */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { expandConfigPaths } from '../../config/load-config.js';
import { REPORTERS } from '../../report/diagnostics/index.js';
import type { Diagnostic } from '../../config/diagnostic.js';
import { formatConfigText } from '../../fmt/format-config-text.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions } from '../global-options.js';
import { err, out } from '../io.js';

export function registerFmt(program: Command): void {
  program
    .command('fmt')
    .description('rewrite config files in canonical form (key order, 2-space indentation), comments kept')
    .argument('[files...]', 'files or directories to format (default: the -c config paths)')
    .option('--check', 'change nothing; list the files that would change and exit 1 if any would', false)
    .action(async (files: string[], opts: { check: boolean }, command: Command) => {
      const options = globalOptions(command);
      const paths = await expandConfigPaths(files.length > 0 ? files : options.config);
      const problems: Diagnostic[] = [];
      const changed: string[] = [];
      for (const path of paths) {
        let text: string;
        try {
          text = await readFile(path, 'utf8');
        } catch (error) {
          problems.push({
            rule: 'config-not-found',
            severity: 'error',
            message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          });
          continue;
        }
        const result = formatConfigText(text, path);
        if (result.text === undefined) {
          problems.push(...result.diagnostics);
          continue;
        }
        if (result.text === text) continue;
        changed.push(path);
        if (!opts.check) await writeFile(path, result.text, 'utf8');
      }
      if (problems.length > 0) err(REPORTERS.text(problems, { color: false, cwd: process.cwd() }));
      if (opts.check) {
        for (const path of changed) out(`would reformat ${path}`);
        if (changed.length === 0 && problems.length === 0) out(`${paths.length} file(s) already formatted`);
      } else {
        for (const path of changed) out(`formatted ${path}`);
      }
      process.exitCode = problems.length > 0 || (opts.check && changed.length > 0) ? EXIT.error : EXIT.ok;
    });
}

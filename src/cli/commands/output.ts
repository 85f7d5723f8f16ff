/** `mai-contacts output`: the contact-ID table from state, as JSON or CSV. */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { isOutputFormat, OUTPUT_REPORTERS, outputRows } from '../../report/output/index.js';
import { openCliState } from '../open-cli-state.js';
import { globalOptions } from '../global-options.js';
import { err, out, outRaw } from '../io.js';

export function registerOutput(program: Command): void {
  program
    .command('output')
    .description(
      'print the contact-ID table from state (address, source_id, contact_id, inbox, tier, created/updated)',
    )
    .option('--format <format>', 'json | csv', 'json')
    .action(async (opts: { format: string }, command: Command) => {
      const options = globalOptions(command);
      if (!isOutputFormat(opts.format)) throw new UsageError(`unknown format "${opts.format}" (json, csv)`);
      const store = await openCliState(options, { lock: false });
      for (const notice of store.notices) err(`note: ${notice}`);
      if (!store.exists) err(`note: no state at ${store.location} yet; nothing has been applied`);
      const text = OUTPUT_REPORTERS[opts.format](outputRows(store.entries()));
      if (opts.format === 'csv') outRaw(text);
      else out(text);
    });
}

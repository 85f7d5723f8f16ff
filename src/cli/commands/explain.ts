/** `mai-contacts explain ADDRESS`: the effective body of one contact and where each grant came from. */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { createNames } from '../../permissions/names.js';
import { reachOf } from '../../permissions/summarize-reach.js';
import { diffBodies } from '../../plan/diff-bodies.js';
import { EXPLAIN_REPORTERS, isExplainFormat, type ExplainState } from '../../report/explain/index.js';
import { namesFromConfig } from '../../report/plan/names.js';
import { explainContact } from '../../resolve/explain-contact.js';
import { createResolver } from '../../resolve/resolve-contacts.js';
import { openCliState } from '../open-cli-state.js';
import { globalOptions } from '../global-options.js';
import { err, out } from '../io.js';
import { loadValidConfig } from '../load-valid-config.js';

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      'show the effective query_metadata of one contact and which tier or grant each part came from',
    )
    .argument('<address>', '`<inbox alias>/<source_id>`')
    .option('--format <format>', 'text | json', 'text')
    .action(async (address: string, opts: { format: string }, command: Command) => {
      const options = globalOptions(command);
      if (!isExplainFormat(opts.format)) throw new UsageError(`unknown format "${opts.format}" (text, json)`);
      const config = await loadValidConfig(options, { tolerateAccessFindings: true });
      const contact = createResolver(config.value)
        .contacts()
        .find((c) => c.address === address || c.identity === address);
      const store = await openCliState(options, { lock: false });
      for (const notice of store.notices) err(`note: ${notice}`);
      if (!contact) {
        const stored = store.find(address);
        if (stored) {
          throw new UsageError(
            `${address} is no longer declared in the config; state still has it as contact ${stored.contact_id} ` +
              '(plan shows what on_removal does with it; mai-contacts state show prints its last body)',
          );
        }
        throw new UsageError(`no contact ${address} in the config (addresses are <inbox alias>/<source_id>)`);
      }
      const entry = store.get(contact.identity);
      let state: ExplainState | null | undefined;
      if (store.exists) {
        state = entry
          ? {
              contact_id: entry.contact_id,
              tier: entry.tier,
              updated_at: entry.updated_at,
              changed_fields: diffBodies(entry.body, contact.body),
            }
          : null;
      }
      const explanation = explainContact(contact, (path) => config.locate(path));
      out(
        EXPLAIN_REPORTERS[opts.format](explanation, {
          names: namesFromConfig(config.value),
          cwd: process.cwd(),
          ...(state !== undefined ? { state } : {}),
          reach: reachOf(contact.body.query_metadata),
          reachNames: createNames(config.value),
        }),
      );
    });
}

/**
 * `mai-contacts import --inbox ALIAS|UUID`: the live contacts of an inbox as YAML contacts (to stdout or
 * --out), adopted into state. Contacts the config already declares are left out.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { adoptable, importContacts } from '../../apply/import-contacts.js';
import { adoptCommand, describeCopies } from '../../plan/duplicate-findings.js';
import { escapeText } from '../../report/escape-text.js';
import { inboxAliasOf, isUuid, lookupInbox } from '../../config/references.js';
import { UsageError } from '../../errors.js';
import {
  formatRoster,
  isRosterFormat,
  isRosterRow,
  type RosterRow,
} from '../../report/roster/format-roster.js';
import { openCliState } from '../open-cli-state.js';
import { withClient } from '../api-client.js';
import { globalOptions } from '../global-options.js';
import { err, out } from '../io.js';
import { prepareOutputFile } from '../output-file.js';
import { loadValidConfig } from '../load-valid-config.js';
import { parseDuration } from '../parse-duration.js';
import { parsePositiveInt } from '../parse-number.js';

interface ImportOptions {
  inbox: string;
  format: string;
  out?: string;
  adopt: boolean;
  lockTimeout: string;
  parallelism: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'write the live contacts of an inbox as YAML contacts (matching declared tiers) and adopt them into state',
    )
    .requiredOption('--inbox <inbox>', 'the inbox to read (alias or UUID)')
    .option('--out <file>', 'write the YAML here instead of stdout')
    .option(
      '--format <format>',
      'yaml (contacts: to add to the config) | csv | jsonl (a roster for rosters:; only contacts whose access is a tier)',
      'yaml',
    )
    .option('--no-adopt', 'only write the YAML; leave the state as it is')
    .option('--lock-timeout <duration>', 'wait this long for a running apply to release the state', '0s')
    .option('--parallelism <n>', 'pages of live contacts read at once', '8')
    .action(async (opts: ImportOptions, command: Command) => {
      const options = globalOptions(command);
      if (opts.format !== 'yaml' && !isRosterFormat(opts.format))
        throw new UsageError(`unknown format "${opts.format}" (yaml, csv, jsonl)`);
      const lockTimeoutMs = parseDuration(opts.lockTimeout);
      const parallelism = parsePositiveInt(opts.parallelism, '--parallelism');
      const config = (await loadValidConfig(options)).value;
      const inboxId = lookupInbox(config, opts.inbox);
      if (!inboxId)
        throw new UsageError(`--inbox ${opts.inbox} is neither an inbox alias of the config nor a UUID`);
      const alias = inboxAliasOf(config, opts.inbox);
      const inbox = { id: inboxId, alias: isUuid(alias) ? alias.toLowerCase() : alias };

      if (opts.out) await prepareOutputFile(opts.out, '--out'); // before the first API call
      const live = await withClient(options, (client) => client.listContacts(inboxId), {
        concurrency: parallelism,
      });
      const result = importContacts(config, inbox, live);
      let text: string;
      let notRoster = 0;
      if (isRosterFormat(opts.format)) {
        // A roster row carries a tier, not grants: contacts with grants of their own stay out (and unadopted).
        const rows: RosterRow[] = [];
        const entries: typeof result.entries = [];
        result.contacts.forEach((contact, i) => {
          const entry = result.entries[i];
          if (!isRosterRow(contact) || !entry) {
            notRoster += 1;
            return;
          }
          rows.push(contact);
          entries.push(entry);
        });
        result.contacts = rows;
        result.entries = entries;
        text = formatRoster(rows, opts.format);
      } else {
        const header = `# Imported by mai-contacts import from inbox ${inbox.alias}: add these to your config.\n`;
        text = `${header}${stringify({ version: 1, contacts: result.contacts }, { lineWidth: 0 })}`;
      }
      if (opts.out) await writeFile(opts.out, text, 'utf8');
      else out(text);

      const toAdopt = adoptable(result);
      if (opts.adopt && toAdopt.length > 0) {
        const store = await openCliState(options, { lock: true, lockTimeoutMs, command: 'import' });
        try {
          for (const notice of store.notices) err(`note: ${notice}`);
          for (const entry of toAdopt) await store.record(entry);
          await store.commit();
        } finally {
          await store.close();
        }
      }
      const skipped = [
        ...(result.declared > 0 ? [`${result.declared} already declared`] : []),
        ...(result.anonymous > 0 ? [`${result.anonymous} without a source_id`] : []),
        ...(notRoster > 0 ? [`${notRoster} whose access is not exactly a tier (import them as yaml)`] : []),
      ];
      err(
        `Imported ${result.contacts.length} contact(s) from inbox ${inbox.alias}` +
          (skipped.length > 0 ? ` (skipped: ${skipped.join(', ')})` : '') +
          (opts.out ? ` into ${opts.out}` : '') +
          (opts.adopt && toAdopt.length > 0
            ? `; adopted into state. Add ${isRosterFormat(opts.format) ? `the file under rosters: (- ${opts.format}: FILE)` : 'them'} to the config before the next apply, or plan will revoke them.`
            : '.'),
      );
      const ambiguous = result.duplicates.filter((d) => result.entries.some((e) => e.address === d.address));
      for (const d of ambiguous) {
        err(
          escapeText(
            `warning: ${d.address} has ${d.copies.length} live copies: ${describeCopies(
              d.copies.map((c) => ({ contact_id: c.id, created_at: c.createdAt })),
            )}; written once${opts.adopt ? ' and not adopted' : ''}; choose the copy to manage with ` +
              adoptCommand(d.address),
          ),
        );
      }
    });
}

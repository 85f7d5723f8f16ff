/**
 * `mai-contacts state list | show ADDRESS | rm ADDRESS... | adopt ADDRESS CONTACT_ID | unlock | …`:
 * inspect, forget or choose state entries.
 */
import type { Command } from 'commander';
import { StateError, UsageError } from '../../errors.js';
import { escapeText } from '../../report/escape-text.js';
import { outputRows } from '../../report/output/index.js';
import { describeHolder } from '../../state/store.js';
import { storedEntry } from '../../state/entry-index.js';
import { openCliState } from '../open-cli-state.js';
import { listWorkspaces, migrateState } from '../../state/migrate-state.js';
import { forceUnlockState, stateSchemaSql } from '../../state/open-state.js';
import { adoptCopy, type AdoptTarget } from '../../apply/adopt-copy.js';
import type { ContactsConfig } from '../../config/contacts-config.generated.js';
import { lookupInbox } from '../../config/references.js';
import type { StateStore } from '../../state/store.js';
import { withClient } from '../api-client.js';
import { globalOptions, type GlobalOptions } from '../global-options.js';
import { loadValidConfig } from '../load-valid-config.js';
import { err, out } from '../io.js';
import { parseDuration } from '../parse-duration.js';

/** The inbox and source_id ADDRESS names: from the state, else from the config's inbox aliases. */
async function adoptTarget(options: GlobalOptions, store: StateStore, address: string): Promise<AdoptTarget> {
  const entry = store.find(address);
  if (entry) return { inbox: entry.inbox, source_id: entry.source_id, address: entry.address };
  const slash = address.indexOf('/');
  if (slash <= 0 || slash === address.length - 1) {
    throw new UsageError(
      `"${address}" is not an address: write <inbox alias>/<source_id> or <inbox uuid>/<source_id>`,
    );
  }
  const ref = address.slice(0, slash);
  const sourceId = address.slice(slash + 1);
  const config: ContactsConfig = (await loadValidConfig(options)).value;
  const inbox = lookupInbox(config, ref);
  if (inbox === undefined) {
    throw new UsageError(
      `unknown inbox "${ref}" in ${address}: neither an inbox alias of the config nor an inbox UUID`,
    );
  }
  const aliases = Object.entries<string>(config.inboxes ?? {});
  const alias = aliases.find(([, id]) => id.toLowerCase() === inbox)?.[0];
  return { inbox, source_id: sourceId, address: `${alias ?? inbox}/${sourceId}` };
}

export function registerState(program: Command): void {
  const state = program.command('state').description('inspect or forget state entries');

  state
    .command('list')
    .description('one line per contact in state: address, contact id, tier, last applied')
    .action(async (_opts: unknown, command: Command) => {
      const options = globalOptions(command);
      const store = await openCliState(options, { lock: false });
      for (const notice of store.notices) err(`note: ${notice}`);
      const rows = outputRows(store.entries());
      const width = Math.max(7, ...rows.map((r) => r.address.length));
      const lines = rows.map(
        (r) => `${r.address.padEnd(width)}  ${r.contact_id}  ${(r.tier ?? '-').padEnd(10)}  ${r.updated_at}`,
      );
      out(
        escapeText(
          rows.length === 0
            ? `no contacts in state ${store.location}`
            : [`${'address'.padEnd(width)}  contact id / tier / last applied`, ...lines].join('\n'),
          { keepNewlines: true },
        ),
      );
    });

  state
    .command('show')
    .description('the state entry of one contact, with the body last applied')
    .argument('<address>', '`<inbox alias>/<source_id>` (as last applied) or `<inbox uuid>/<source_id>`')
    .action(async (address: string, _opts: unknown, command: Command) => {
      const options = globalOptions(command);
      const store = await openCliState(options, { lock: false });
      const entry = store.find(address);
      if (!entry) throw new UsageError(`no contact ${address} in state ${store.location}`);
      out(JSON.stringify(storedEntry(entry), null, 2));
    });

  state
    .command('rm')
    .description('forget contacts: state only, MaiAgent is not touched (takes the state lock)')
    .argument('<addresses...>', 'addresses (or identity keys) to forget')
    .option('--lock-timeout <duration>', 'wait this long for the state lock', '0s')
    .action(async (addresses: string[], opts: { lockTimeout: string }, command: Command) => {
      const options = globalOptions(command);
      const store = await openCliState(options, {
        lock: true,
        lockTimeoutMs: parseDuration(opts.lockTimeout),
        command: 'state rm',
      });
      try {
        for (const notice of store.notices) err(`note: ${notice}`);
        const entries = addresses.map((a) => ({ address: a, entry: store.find(a) }));
        const missing = entries.filter((e) => !e.entry).map((e) => e.address);
        if (missing.length > 0) {
          throw new StateError(`not in state ${store.location}: ${missing.join(', ')}; nothing was removed`);
        }
        for (const { entry } of entries) if (entry) await store.remove(entry.identity);
        await store.commit();
        for (const { entry } of entries) {
          out(
            `Removed ${entry?.address ?? ''} (contact ${entry?.contact_id ?? ''}) from state; MaiAgent was not touched.`,
          );
        }
      } finally {
        await store.close();
      }
    });

  state
    .command('adopt')
    .description(
      'make CONTACT_ID the managed contact of ADDRESS in state (checked against MaiAgent first: it must exist ' +
        "and have the address's inbox and source_id); when MaiAgent holds several copies of one contact, the " +
        'next apply then revokes the others. Takes the state lock; MaiAgent is not changed',
    )
    .argument('<address>', '`<inbox alias>/<source_id>` or `<inbox uuid>/<source_id>`')
    .argument(
      '<contact-id>',
      "the MaiAgent id of the copy to manage (the plan's duplicate-live-copies finding lists them)",
    )
    .option('--lock-timeout <duration>', 'wait this long for the state lock', '0s')
    .action(async (address: string, contactId: string, opts: { lockTimeout: string }, command: Command) => {
      const options = globalOptions(command);
      const lockTimeoutMs = parseDuration(opts.lockTimeout);
      const store = await openCliState(options, { lock: true, lockTimeoutMs, command: 'state adopt' });
      try {
        for (const notice of store.notices) err(`note: ${notice}`);
        const target = await adoptTarget(options, store, address);
        const { entry, previous } = await withClient(options, (client) =>
          adoptCopy(client, store, target, contactId),
        );
        await store.commit();
        const was =
          previous === undefined
            ? 'it was not in state'
            : previous === entry.contact_id
              ? 'it already was'
              : `it was ${previous}`;
        out(
          escapeText(
            `Recorded contact ${entry.contact_id} as ${entry.address} in state ${store.location} (${was}). ` +
              'MaiAgent was not changed; the next apply manages this copy and revokes any other live copy of it.',
          ),
        );
      } finally {
        await store.close();
      }
    });

  state
    .command('unlock')
    .description(
      "free a state lock whose holder no longer runs or is lost (a lock file is removed; a PostgreSQL holder's session is ended)",
    )
    .argument('<lock-id>', 'the lock id, as shown when the lock refused a command')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const options = globalOptions(command);
      const { holder, action, location } = await forceUnlockState(options.state, options.workspace, id);
      // The location, not the --state text: a database URL's password is never printed.
      out(`Removed lock ${id} on state ${location}, held by ${describeHolder(holder)}: ${action}.`);
    });

  state
    .command('workspaces')
    .description('list the workspaces that hold a state (the current one marked with *)')
    .action(async (_opts: unknown, command: Command) => {
      const options = globalOptions(command);
      const { location, workspaces } = await listWorkspaces(options.state);
      if (workspaces.length === 0) {
        out(`no workspaces in ${location} yet`);
        return;
      }
      out(workspaces.map((w) => `${w === options.workspace ? '*' : ' '} ${w}`).join('\n'));
    });

  state
    .command('migrate')
    .description(
      'copy the state (under both locks) to another file, database or workspace, and verify the copy; the source is left as it is',
    )
    .requiredOption('--to <path-or-url>', 'where to copy the state: a file path or a postgres:// URL')
    .option('--to-workspace <name>', 'the workspace to copy into (default: the same name)')
    .option('--lock-timeout <duration>', 'wait this long for each state lock', '0s')
    .action(async (opts: { to: string; toWorkspace?: string; lockTimeout: string }, command: Command) => {
      const options = globalOptions(command);
      const result = await migrateState(
        { location: options.state, workspace: options.workspace, createSchema: options.createSchema },
        {
          location: opts.to,
          workspace: opts.toWorkspace ?? options.workspace,
          createSchema: options.createSchema,
        },
        { lockTimeoutMs: parseDuration(opts.lockTimeout) },
      );
      out(
        `Copied ${result.entries} contact(s) from ${result.from} to ${result.to} ` +
          `(lineage ${result.lineage}, serial ${result.serial}) and checked every entry; the source is unchanged.`,
      );
    });

  state
    .command('schema-sql')
    .description('print the SQL that creates the PostgreSQL state tables (for a DBA who owns the schema)')
    .action(async (_opts: unknown, command: Command) => {
      out(await stateSchemaSql(globalOptions(command).state));
    });
}

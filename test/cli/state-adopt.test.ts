/**
 * Two live copies of one contact through the CLI (in the test process: exit codes and output are the
 * binary's): plan's exit code and unsaved plan file, apply's refusal before any request, and `state adopt`
 * (lock, API check, both state backends, help text) after which apply converges.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredContact } from '../../src/emulator/contact-store.js';
import { DENY_ALL } from '../../src/plan/revoked-body.js';
import { openState } from '../../src/state/open-state.js';
import { generatedConfig, readState, startHarness, type Harness } from '../apply/harness.js';
import { cliInProcess, type CliResult } from '../helpers/cli.js';
import { freshStateUrl, NO_POSTGRES, pgEnv } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

const WEB = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function twoCopies(prefix: string): Promise<[Harness, StoredContact, StoredContact]> {
  const h = (harness = await startHarness(tempDir(prefix), generatedConfig(3)));
  const [a, b] = h.emulator.insert([
    { inboxIds: [WEB], name: 'Copy A', sourceId: 'user-1' },
    { inboxIds: [WEB], name: 'Copy B', sourceId: 'user-1' },
  ]);
  if (!a || !b) throw new Error('insert failed');
  return [h, a, b];
}

/** The CLI in `h.dir`, against `h`'s emulator. */
const run = (h: Harness, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> =>
  cliInProcess(args, h.dir, {
    MAIAGENT_API_URL: h.emulator.url,
    MAIAGENT_API_KEY: h.emulator.apiKey,
    ...env,
  });

const writes = (h: Harness): number =>
  ['POST', 'PUT', 'PATCH', 'DELETE'].reduce((n, m) => n + (h.emulator.stats.byMethod[m] ?? 0), 0);

describe('several live copies of one contact, through the CLI', () => {
  it('plan exits 1 (with --detailed-exitcode too) and saves no plan; apply refuses before any request', async () => {
    const [h, a, b] = await twoCopies('mai-adopt-cli-');
    const plan = await run(h, ['plan', '--detailed-exitcode', '--out', 'plan.json']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('- error web/user-1 [duplicate-live-copies]:');
    expect(plan.stderr).toContain('error: the plan has 1 error finding(s) (duplicate-live-copies)');
    expect(plan.stderr).toContain('the plan was not saved to plan.json');
    expect(existsSync(join(h.dir, 'plan.json'))).toBe(false);

    h.emulator.stats.reset();
    const apply = await run(h, ['apply', '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('apply refused');
    expect(apply.stderr).toContain(`web/user-1: 2 live copies:`);
    expect(apply.stderr).toContain(a.id);
    expect(apply.stderr).toContain(b.id);
    expect(apply.stderr).toContain('mai-contacts state adopt web/user-1 CONTACT_ID');
    expect(writes(h)).toBe(0);
  });

  it('state adopt records the copy (refusing while the lock is held), then plan is clean and apply converges', async () => {
    const [h, a, b] = await twoCopies('mai-adopt-cli-ok-');
    const holder = await openState(join(h.dir, 'contacts.state.json'), { lock: true, command: 'apply' });
    const locked = await run(h, ['state', 'adopt', 'web/user-1', a.id]);
    await holder.close();
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/lock/i);

    const missing = await run(h, ['state', 'adopt', 'web/user-1', 'not-a-contact']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('contact not-a-contact does not exist in MaiAgent (404)');

    const adopted = await run(h, ['state', 'adopt', 'web/user-1', a.id]);
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(`Recorded contact ${a.id} as web/user-1 in state`);
    expect(adopted.stdout).toContain('(it was not in state)');

    const plan = await run(h, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2); // changes, no error
    expect(plan.stdout).toContain('- warning web/user-1 [duplicate-live-copies]:');
    expect(plan.stdout).toContain(`apply revokes the other copies (deny-all query_metadata): ${b.id}`);

    const apply = await run(h, ['apply', '--auto-approve']);
    expect(apply.stderr).not.toContain('failed');
    expect(apply.code).toBe(0);
    expect(h.emulator.store.get(a.id)?.name).toBe('User 1');
    expect(h.emulator.store.get(b.id)?.queryMetadata).toEqual(DENY_ALL);
  });

  it('apply of a saved plan refuses copies that appeared after the plan was saved', async () => {
    const h = (harness = await startHarness(tempDir('mai-adopt-saved-'), generatedConfig(3)));
    const plan = await run(h, ['plan', '--out', 'plan.json']);
    expect(plan.code).toBe(0);
    const [a, b] = h.emulator.insert([
      { inboxIds: [WEB], name: 'Copy A', sourceId: 'user-1' },
      { inboxIds: [WEB], name: 'Copy B', sourceId: 'user-1' },
    ]);
    h.emulator.stats.reset();
    const apply = await run(h, ['apply', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('apply refused');
    expect(apply.stderr).toContain(`${a?.id ?? ''} (created`);
    expect(apply.stderr).toContain(`${b?.id ?? ''} (created`);
    expect(writes(h)).toBe(0);
  });

  it('import writes a contact with several live copies once and adopts none of them', async () => {
    const h = (harness = await startHarness(tempDir('mai-adopt-import-'), generatedConfig(2)));
    const [a, b] = h.emulator.insert([
      { inboxIds: [WEB], name: 'Stray A', sourceId: 'stray' },
      { inboxIds: [WEB], name: 'Stray B', sourceId: 'stray' },
      { inboxIds: [WEB], name: 'Solo', sourceId: 'solo' },
    ]);
    const imported = await run(h, ['import', '--inbox', 'web']);
    expect(imported.code).toBe(0);
    expect(imported.stdout.match(/source_id: stray/g)).toHaveLength(1);
    expect(imported.stderr).toContain(`warning: web/stray has 2 live copies:`);
    expect(imported.stderr).toContain(a?.id);
    expect(imported.stderr).toContain(b?.id);
    expect(imported.stderr).toContain(
      'written once and not adopted; choose the copy to manage with mai-contacts state adopt web/stray CONTACT_ID',
    );
    const state = await readState(h.dir);
    expect(state.has(`${WEB}/stray`)).toBe(false);
    expect(state.has(`${WEB}/solo`)).toBe(true);
  });

  it.skipIf(NO_POSTGRES)('state adopt writes to a PostgreSQL state', async () => {
    const [h, a] = await twoCopies('mai-adopt-cli-pg-');
    const url = freshStateUrl('adopt');
    process.env['PGPASSWORD'] = pgEnv()['PGPASSWORD']; // the pg driver reads the process's environment
    Object.assign(h.env, pgEnv());
    const adopted = await run(h, ['--state', url, 'state', 'adopt', `${WEB}/user-1`, a.id]);
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    const store = await openState(url, { lock: false });
    try {
      expect(store.find('web/user-1')?.contact_id).toBe(a.id);
      expect(store.serial).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('state adopt --help says what it checks and records', async () => {
    const h = (harness = await startHarness(tempDir('mai-adopt-help-'), generatedConfig(1)));
    const help = await run(h, ['state', 'adopt', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mai-contacts state adopt [options] <address> <contact-id>');
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      "checked against MaiAgent first: it must exist and have the address's inbox and source_id",
    );
    expect(text).toContain(
      'the next apply then revokes the others. Takes the state lock; MaiAgent is not changed',
    );
  });
});

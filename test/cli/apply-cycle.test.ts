/**
 * The whole cycle against the emulator over real HTTP, in each response variant: apply, an empty plan,
 * a tier upgrade as one PUT, a revoke, drift shown and repaired, adoption without state (no POST), a
 * stale saved plan refused, a downgrade only with --force, and the contact ids from `output`.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { EXAMPLE_CONFIG } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';
import { startHarness, type Harness } from '../apply/harness.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
/** contacts.yaml without its policies and permission tests (a downgrade would break those on purpose). */
const BASE = readFileSync(EXAMPLE_CONFIG, 'utf8').split('\n# Guardrails')[0] as string;

const VARIANTS = [
  { name: 'seed', options: { variant: 'seed' as const } },
  { name: 'current', options: { variant: 'current' as const } },
  { name: 'current + camel metadata', options: { variant: 'current' as const, camelMetadata: true } },
];

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe.each(VARIANTS)('apply cycle ($name)', ({ options }) => {
  it('applies, upgrades, revokes, repairs drift, adopts, refuses stale and downgrades', async () => {
    const h = (harness = await startHarness(tempDir('mai-apply-cycle-'), BASE, options));
    const { emulator } = h;
    const live = (sourceId: string) => emulator.store.findBySource(INBOX, sourceId);

    // 1. apply creates the three contacts
    let r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 3 created, 0 updated, 0 revoked, 0 deleted, 0 failed.');
    expect(emulator.stats.byMethod['POST']).toBe(3);

    // 2. the next plan is empty
    r = await h.run(['plan', '--detailed-exitcode']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes: 3 contact(s) are up to date.');

    // 3. a tier upgrade is exactly one PUT
    h.writeConfig(
      BASE.replace(
        'name: Anonymous\n    inbox: web-chat\n    tier: visitor',
        'name: Anonymous\n    inbox: web-chat\n    tier: member',
      ),
    );
    emulator.stats.reset();
    r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tier visitor → member');
    expect(emulator.stats.byMethod['PUT']).toBe(1);
    expect(emulator.stats.byMethod['POST']).toBeUndefined();

    // 4. a removed contact is revoked and kept
    const withoutLin = BASE.replace(
      / {2}- source_id: user_234567\n {4}name: Lin Mei\n {4}inbox: web-chat\n {4}tier: member\n/,
      '',
    ).replace(
      'name: Anonymous\n    inbox: web-chat\n    tier: visitor',
      'name: Anonymous\n    inbox: web-chat\n    tier: member',
    );
    h.writeConfig(withoutLin);
    r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 revoked');
    expect(live('user_234567')?.queryMetadata).toEqual({ knowledge_bases: [] });
    expect(live('user_234567')?.deletedAt).toBeUndefined();

    // 5. drift made through the API is shown, then repaired
    const vip = live('user_123456');
    if (!vip) throw new Error('user_123456 missing');
    const client = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    await client.updateContact(vip.id, {
      name: '王小明',
      avatar: 'https://example.com/avatar.jpg',
      source_id: 'user_123456',
      inbox: INBOX,
      query_metadata: { knowledge_bases: [] },
    });
    r = await h.run(['plan', '--detailed-exitcode']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/web-chat\/user_123456: update/);
    expect(r.stdout).toMatch(/drift: .* changed in MaiAgent since the last apply/);
    r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 updated');
    expect((await h.run(['plan', '--detailed-exitcode'])).code).toBe(0);

    // 6. without state, apply adopts everything and sends no POST
    rmSync(join(h.dir, 'contacts.state.json'));
    rmSync(join(h.dir, 'contacts.state.json.journal'), { force: true });
    emulator.stats.reset();
    r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(emulator.stats.byMethod['POST']).toBeUndefined();
    expect(emulator.stats.byMethod['PUT']).toBeUndefined();
    expect(r.stdout).toContain('2 recorded in state');
    expect((await h.run(['plan', '--detailed-exitcode'])).code).toBe(0);

    // 7. a saved plan is refused once the state has moved
    r = await h.run(['plan', '--out', 'saved.json']);
    expect(r.code).toBe(0);
    h.writeConfig(withoutLin.replace('name: Anonymous', 'name: Anonymous visitor'));
    expect((await h.run(['apply', '--auto-approve'])).code).toBe(0);
    r = await h.run(['apply', 'saved.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stale plan');

    // 8. a downgrade needs --force
    const downgraded = withoutLin
      .replace('name: Anonymous', 'name: Anonymous visitor')
      .replace('    tier: vip', '    tier: visitor');
    h.writeConfig(downgraded);
    emulator.stats.reset();
    r = await h.run(['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--force');
    expect(r.stderr).toContain('web-chat/user_123456 moves from tier vip down to visitor');
    expect(emulator.stats.byMethod['PUT']).toBeUndefined();
    r = await h.run(['apply', '--auto-approve', '--force']);
    expect(r.code).toBe(0);
    expect(emulator.stats.byMethod['PUT']).toBe(1);

    // 9. output lists every contact's id
    r = await h.run(['output', '--format', 'csv']);
    expect(r.code).toBe(0);
    for (const sourceId of ['user_123456', 'shared-visitor']) {
      const id = live(sourceId)?.id ?? 'missing';
      expect(r.stdout).toContain(`web-chat/${sourceId},${sourceId},${id},`);
    }
  }, 240_000);
});

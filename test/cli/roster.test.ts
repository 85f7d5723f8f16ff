/**
 * Roster contacts through the whole tool, against the emulator: apply creates them, a changed export
 * plans as exactly its changed rows, markdown summarises tier moves, explain points at the row, and
 * `import --format csv` writes a roster that plans as nothing to do. The first apply runs the built
 * binary, the rest the same program in the test process (`h.cli`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, readState, startHarness, type Harness } from '../apply/harness.js';

const WEB = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const ROSTER = `rosters:
  - csv: members.csv
    columns: { source_id: member_id, name: display_name, tier: level }
    defaults: { inbox: web }
    tier_map: { SILVER: member, GOLD: vip }
`;
const MEMBERS = 120;

function members(moved: (i: number) => boolean = () => false, renamed = -1): string {
  const rows = ['member_id,display_name,level'];
  for (let i = 0; i < MEMBERS; i++) {
    const level = moved(i) ? 'GOLD' : i % 2 === 0 ? 'SILVER' : 'GOLD';
    rows.push(`r-${i},${i === renamed ? `"Renamed, ${i}"` : `Member ${i}`},${level}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type PlanJson = { changes: { address: string; action: string; tier: { before: string; after: string } }[] };

describe('roster contacts', () => {
  it('apply, a changed export, markdown, explain and import --format csv', async () => {
    const dir = tempDir('mai-roster-');
    writeFileSync(join(dir, 'members.csv'), members());
    const h = (harness = await startHarness(dir, `${generatedConfig(1)}${ROSTER}`));

    const applied = await h.run(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const state = await readState(dir);
    expect(state.size).toBe(MEMBERS + 1);
    expect(h.emulator.store.findBySource(WEB, 'r-7')?.name).toBe('Member 7');

    // The nightly export moves every SILVER member with an index below 112 to GOLD, and renames one.
    writeFileSync(
      join(dir, 'members.csv'),
      members((i) => i < 112, 3),
    );
    const plan = await h.cli(['plan', '--no-refresh', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const changes = (JSON.parse(plan.stdout) as PlanJson).changes.filter((c) => c.action !== 'no-op');
    const expected = Array.from({ length: 112 }, (_, i) => i)
      .filter((i) => i % 2 === 0 || i === 3)
      .map((i) => `web/r-${i}`)
      .sort();
    expect(changes.map((c) => c.address).sort()).toEqual(expected);
    expect(changes.every((c) => c.action === 'update')).toBe(true);

    const markdown = await h.cli(['plan', '--no-refresh', '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/\| member → vip \| 56 \|/);
    expect(markdown.stdout).toContain('56 contact(s) that only move between tiers are summarised');
    expect(markdown.stdout).toContain('web/r-3');
    expect(markdown.stdout).not.toContain('<code>~ web/r-10</code>');

    const explain = await h.cli(['explain', 'web/r-4']);
    expect(explain.stdout).toContain('declared   members.csv:6:1');

    // A live contact with exactly the vip tier's grants becomes a roster row; reading it back plans nothing.
    const vip = h.emulator.store.findBySource(WEB, 'r-1');
    h.emulator.insert([
      { inboxIds: [WEB], name: 'From MaiAgent', sourceId: 'live-1', queryMetadata: vip?.queryMetadata },
    ]);
    const imported = await h.cli(['import', '--inbox', 'web', '--format', 'csv', '--out', 'imported.csv']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(readFileSync(join(dir, 'imported.csv'), 'utf8')).toBe(
      'source_id,name,avatar,inbox,tier\r\nlive-1,From MaiAgent,,web,vip\r\n',
    );
    h.writeConfig(`${generatedConfig(1)}${ROSTER}  - csv: imported.csv\n`);
    writeFileSync(join(dir, 'members.csv'), members());
    const after = await h.cli(['plan', '--no-refresh', '--format', 'json']);
    expect(after.code, after.stderr).toBe(0);
    expect((JSON.parse(after.stdout) as PlanJson).changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  }, 120_000);
});

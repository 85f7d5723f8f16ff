/**
 * The roster benchmark seeds its states in bulk through the state store's own save path (`copyFrom`):
 * one state file written once, or one transaction of multi-row inserts, not a journal line per contact.
 * Both states then hold the same entries. Uses the built modules (`npm run build`), as the benchmark does.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedState, writeRoster } from '../../bench/roster-bench.js';
import { openState } from '../../src/state/open-state.js';
import { freshStateUrl, NO_POSTGRES, POSTGRES, withAdmin } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';

process.env['PGPASSWORD'] = POSTGRES.password;

describe('roster benchmark seeding', () => {
  it('writes the whole roster in one step, to a file state and to a PostgreSQL state alike', async () => {
    const dir = tempDir('mai-roster-seed-');
    writeRoster(dir, 2000);
    const file = join(dir, 'roster.state.json');
    expect(await seedState(dir, file)).toBe(2000);
    // One save: serial 1, and no journal of changes (an empty one at most).
    expect(statSync(`${file}.journal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    const fromFile = await openState(file, { lock: false });
    expect(fromFile.size).toBe(2000);
    expect(fromFile.serial).toBe(1);
    expect(fromFile.lineage).toBe('bench-roster');
    const member = fromFile.find('line-oa/m0000001');
    expect(member).toMatchObject({
      tier: 'basic',
      contact_id: expect.stringMatching(/^00000009-/) as string,
    });
    expect(member?.body.name).toBe('Member 1');
    await fromFile.close();
    if (NO_POSTGRES) return;

    const url = freshStateUrl('roster');
    expect(await seedState(dir, url)).toBe(2000);
    const schema = new URL(url).searchParams.get('schema') as string;
    const serial = await withAdmin(
      async (db) => (await db.query<{ serial: string }>(`SELECT serial FROM ${schema}.workspaces`)).rows,
    );
    expect(serial).toEqual([{ serial: '1' }]);
    const fromDb = await openState(url, { lock: false });
    const fileAgain = await openState(file, { lock: false });
    expect(fromDb.size).toBe(2000);
    for (const entry of fileAgain.entries()) expect(fromDb.get(entry.identity)).toEqual(entry);
    await fromDb.close();
    await fileAgain.close();
    expect(existsSync(file)).toBe(true);
  });
});

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/errors.js';
import { planChanges } from '../../src/plan/plan-changes.js';
import { readPlanFile, writePlanFile } from '../../src/cli/plan-file-io.js';
import { checkPlanFresh } from '../../src/plan/plan-file.js';
import { createResolver } from '../../src/resolve/resolve-contacts.js';
import { exampleConfig } from '../helpers/config.js';
import { stateOf } from '../helpers/plan.js';
import { tempDir } from '../helpers/tmp.js';

const plan = planChanges({
  desired: createResolver(exampleConfig().value).contacts(),
  state: stateOf([], { lineage: 'L', serial: 3 }),
  configDigest: 'sha256:abc',
});

describe('the plan file', () => {
  it('round-trips and carries a digest', async () => {
    const path = join(tempDir(), 'plan.json');
    await writePlanFile(path, plan);
    const read = await readPlanFile(path);
    expect(read.plan_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { plan_digest: _d, ...rest } = read;
    expect(rest).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('replaces an older plan whole, leaving no temporary file, and writes to a device as it is', async () => {
    const dir = tempDir();
    const path = join(dir, 'plan.json');
    writeFileSync(path, 'an older plan that is longer than nothing');
    await writePlanFile(path, plan);
    await expect(readPlanFile(path)).resolves.toBeDefined();
    expect(readdirSync(dir)).toEqual(['plan.json']);
    await writePlanFile('/dev/null', plan);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('survives reformatting but refuses an edit', async () => {
    const path = join(tempDir(), 'plan.json');
    await writePlanFile(path, plan);
    const value = JSON.parse(readFileSync(path, 'utf8')) as { changes: { after: { name: string } }[] };
    writeFileSync(path, JSON.stringify(value));
    await expect(readPlanFile(path)).resolves.toBeDefined();
    (value.changes[0] as { after: { name: string } }).after.name = 'Mallory';
    writeFileSync(path, JSON.stringify(value));
    await expect(readPlanFile(path)).rejects.toThrow('was edited');
  });

  it('refuses something that is not a saved plan, or another format version', async () => {
    const path = join(tempDir(), 'plan.json');
    writeFileSync(path, '{"format_version":"1"}');
    await expect(readPlanFile(path)).rejects.toThrow(PlanError);
    writeFileSync(path, JSON.stringify({ ...plan, format_version: '2', plan_digest: 'x' }));
    await expect(readPlanFile(path)).rejects.toThrow('format version 2');
    await expect(readPlanFile(join(tempDir(), 'missing.json'))).rejects.toThrow('cannot read plan');
  });

  it('is stale once the state serial or lineage moved, or the state appeared', () => {
    expect(() => checkPlanFresh(plan, { lineage: 'L', serial: 3 })).not.toThrow();
    expect(() => checkPlanFresh(plan, { lineage: 'L', serial: 4 })).toThrow('from serial 3 to 4');
    expect(() => checkPlanFresh(plan, { lineage: 'M', serial: 3 })).toThrow('lineage L');
    expect(() => checkPlanFresh(plan, null)).toThrow('stale plan');
    expect(() => checkPlanFresh({ ...plan, state: null }, { lineage: 'L', serial: 1 })).toThrow('stale plan');
    expect(() => checkPlanFresh({ ...plan, state: null }, null)).not.toThrow();
  });
});

/** planJsonChunks: the JSON plan in pieces must be exactly the text of formatPlanJson. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateConfig } from '../../bench/generate-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { makePlan } from '../../src/plan/make-plan.js';
import { formatPlanJson, planJsonChunks } from '../../src/report/plan/json.js';
import { scenario } from '../helpers/scenario.js';

describe('planJsonChunks', () => {
  it.each([
    ['offline', scenario().plan],
    [
      'refreshed',
      scenario((by) => new Map([[by('steady').identity, { contact_id: 'live', body: by('steady').body }]]))
        .plan,
    ],
    ['without changes', { ...scenario().plan, changes: [] }],
  ])('joins to formatPlanJson (%s)', (_name, plan) => {
    expect([...planJsonChunks(plan)].join('')).toBe(formatPlanJson(plan, { color: false }));
  });

  it('joins to formatPlanJson for a plan of many pieces, and cuts it into many', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mai-chunks-'));
    writeFileSync(join(dir, 'contacts.yaml'), generateConfig(650));
    const loaded = await loadConfig([join(dir, 'contacts.yaml')]);
    const value = loaded.config?.value;
    if (!value) throw new Error('the generated config did not load');
    const { plan } = makePlan({ config: value, state: null });
    const chunks = [...planJsonChunks(plan)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(formatPlanJson(plan, { color: false }));
  });
});

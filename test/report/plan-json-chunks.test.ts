/** planJsonChunks: the JSON plan in pieces must be exactly the text of formatPlanJson. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateConfig } from '../../bench/generate-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { makePlan } from '../../src/plan/make-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { formatPlanJson, planJsonChunks } from '../../src/report/plan/json.js';
import { scenario } from '../helpers/scenario.js';

const joined = (chunks: Iterable<Uint8Array>): string => Buffer.concat([...chunks]).toString('utf8');

/** The offline plan (no state) of a config file with this text. */
async function planOf(text: string): Promise<Plan> {
  const dir = mkdtempSync(join(tmpdir(), 'mai-chunks-'));
  writeFileSync(join(dir, 'contacts.yaml'), text);
  const loaded = await loadConfig([join(dir, 'contacts.yaml')]);
  const value = loaded.config?.value;
  if (!value) throw new Error('the config did not load');
  return makePlan({ config: value, state: null }).plan;
}

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
    expect(joined(planJsonChunks(plan))).toBe(formatPlanJson(plan, { color: false }));
  });

  it('joins to formatPlanJson for a plan of many pieces, and cuts it into many', async () => {
    const plan = await planOf(generateConfig(650));
    const chunks = [...planJsonChunks(plan, 16 * 1024)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(joined(chunks)).toBe(formatPlanJson(plan, { color: false }));
  });

  it('cuts no character between two pieces, and pastes shared grants in place', async () => {
    // Names of 1 to 4 UTF-8 bytes per character, so that piece ends fall inside multi-byte characters.
    const names = ['Ada', 'Zoë Ørsted', '王小明'.repeat(30), '👩‍🚀 Astro'.repeat(8), 'Ǆemal'];
    const text = generateConfig(400).replace(/name: Member (\d+)/g, (_m, n: string) => {
      const name = names[Number(n) % names.length] ?? 'x';
      return `name: "${name} ${n}"`;
    });
    expect(text).toContain('王小明');
    const plan = await planOf(text);
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const size of [997, 1499, 2048, 4096, 65_536]) {
      const chunks = [...planJsonChunks(plan, size)];
      expect(chunks.length).toBeGreaterThan(3);
      const decoded = chunks.map((c) => strict.decode(c)); // throws on a cut character
      expect(decoded.join('')).toBe(formatPlanJson(plan, { color: false }));
    }
  });

  it('leaves the plan as it was, frozen bodies included', async () => {
    const plan = await planOf(generateConfig(300));
    // Every other body frozen: those are copied, the others stand in place and are put back.
    plan.changes.forEach((c, i) => {
      if (i % 2 && c.after) Object.freeze(c.after);
    });
    const before = structuredClone(plan);
    const metadata = plan.changes.map((c) => c.after?.query_metadata);
    expect(joined(planJsonChunks(plan, 4096))).toBe(formatPlanJson(plan, { color: false }));
    expect(plan).toEqual(before);
    // The very objects, not copies: tiers share their frozen query_metadata.
    expect(plan.changes.map((c) => c.after?.query_metadata)).toEqual(metadata);
    plan.changes.forEach((c, i) => expect(c.after?.query_metadata).toBe(metadata[i]));
  });
});

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { planFileText } from '../../src/plan/plan-file.js';
import { formatPlanJson } from '../../src/report/plan/json.js';
import { PLAN_REPORTERS } from '../../src/report/plan/index.js';
import { REPO_ROOT } from '../helpers/config.js';
import { scenario } from '../helpers/scenario.js';

const schema = JSON.parse(readFileSync(`${REPO_ROOT}schemas/plan.schema.json`, 'utf8')) as object;
const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);

describe('the JSON plan', () => {
  const offline = scenario();
  const refreshed = scenario(
    (by) => new Map([[by('steady').identity, { contact_id: 'live', body: by('steady').body }]]),
  );

  it.each([
    ['offline', offline.plan],
    ['refreshed', refreshed.plan],
  ])('validates against schemas/plan.schema.json (%s)', (_name, plan) => {
    const value: unknown = JSON.parse(formatPlanJson(plan, { color: false }));
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });

  it('carries format_version "1", the state snapshot, sorted changes and the safety verdict', () => {
    const value = JSON.parse(formatPlanJson(offline.plan, { color: false })) as {
      format_version: string;
      state: unknown;
      changes: { address: string; action: string }[];
      safety: { requires_force: boolean };
    };
    expect(value.format_version).toBe('1');
    expect(value.state).toEqual({ lineage: 'lineage-1', serial: 7 });
    expect(value.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'update web-chat/demoted',
      'revoke web-chat/left',
      'create web-chat/newcomer',
      'update web-chat/promoted',
      'no-op web-chat/steady',
      'update web-chat/vip-2',
    ]);
    expect(value.safety.requires_force).toBe(true);
  });

  it('is what a saved plan holds too, plus its digest', () => {
    const saved = JSON.parse(planFileText(offline.plan)) as Record<string, unknown>;
    expect(validate(saved), JSON.stringify(validate.errors)).toBe(true);
    const { plan_digest: digest, ...rest } = saved;
    expect(digest).toMatch(/^sha256:/);
    expect(rest).toEqual(JSON.parse(formatPlanJson(offline.plan, { color: false })));
  });

  it('has a reporter for every format', () => {
    expect(Object.keys(PLAN_REPORTERS).sort()).toEqual(['json', 'markdown', 'text']);
  });
});

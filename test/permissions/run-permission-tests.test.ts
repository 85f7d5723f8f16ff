import { describe, expect, it } from 'vitest';
import { formatLocation } from '../../src/config/diagnostic.js';
import { validateConfig } from '../../src/validate/validate-config.js';
import { runPermissionTests } from '../../src/permissions/run-permission-tests.js';
import { loadYaml } from './load-fixture.js';

const CONFIG = `version: 1
inboxes:
  web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
labels:
  vip: 11111111-2222-3333-4444-555555555555
knowledge_bases:
  docs:
    id: 123e4567-e89b-12d3-a456-426614174000
    files: { manual: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e }
    faqs: { pricing: a1b2c3d4-e5f6-7890-abcd-1234567890ab }
tiers:
  visitor:
    knowledge_bases: [{ kb: docs, faqs: [pricing] }]
contacts:
  - { source_id: u1, name: U1, inbox: web, tier: visitor }
tests:
`;

async function run(tests: string) {
  const config = await loadYaml(CONFIG + tests);
  return { config, results: runPermissionTests(config.value) };
}

describe('runPermissionTests', () => {
  it('passes a true assertion and fails a false one, naming the rule that decided', async () => {
    const { results } = await run(`  - { name: reads pricing, tier: visitor, can: { kb: docs, faq: pricing } }
  - { name: cannot read pricing, tier: visitor, cannot: { kb: docs, faq: pricing } }
  - { name: reads the manual, contact: web/u1, can: { kb: docs, file: manual } }
`);
    expect(results.map((r) => [r.name, r.passed, r.rule])).toEqual([
      ['reads pricing', true, 'faq-listed'],
      ['cannot read pricing', false, 'faq-listed'],
      ['reads the manual', false, 'files-none'],
    ]);
    expect(results[1]!.reason).toBe(
      'tier visitor can reach FAQ pricing of docs: faq_ids of docs lists pricing [faq-listed]',
    );
    expect(results[2]!.reason).toBe(
      'contact web/u1 cannot reach file manual of docs: chatbot_file_ids of docs is empty and there is no ' +
        'label_relations to select files by [files-none]',
    );
  });

  it('accepts UUIDs for the content and the inbox part of an address', async () => {
    const { results } = await run(`  - name: by uuid
    contact: 8A2B1C3D-4E5F-6789-ABCD-EF0123456789/u1
    can: { kb: 123e4567-e89b-12d3-a456-426614174000, faq: a1b2c3d4-e5f6-7890-abcd-1234567890ab }
`);
    expect(results[0]).toMatchObject({
      passed: true,
      subject: 'contact 8A2B1C3D-4E5F-6789-ABCD-EF0123456789/u1',
    });
  });

  it('fails a test that names nothing declared, pointing at the field at fault', async () => {
    const { config, results } = await run(`  - { name: no tier, tier: nope, can: { kb: docs } }
  - { name: no contact, contact: web/nobody, can: { kb: docs } }
  - { name: no label, tier: visitor, cannot: { kb: docs, file: manual, labels: [gold] } }
`);
    expect(results.map((r) => [r.passed, r.reason, r.path])).toEqual([
      [false, 'unknown tier "nope"', ['tests', 0, 'tier']],
      [
        false,
        'no contact at address "web/nobody" (addresses are <inbox alias>/<source_id>)',
        ['tests', 1, 'contact'],
      ],
      [false, 'unknown label "gold"', ['tests', 2, 'cannot']],
    ]);
    expect(formatLocation(config.locate(results[0]!.path, 'key'))).toMatch(/contacts\.yaml:17:22$/);
  });
});

describe('validate runs the tests and the policies', () => {
  it('reports each failed test and each violation as an error at its config line', async () => {
    const config =
      await loadYaml(`${CONFIG}  - { name: cannot read pricing, tier: visitor, cannot: { kb: docs, faq: pricing } }
policies:
  - { name: no FAQs for visitors, tiers: [visitor], deny: { kb: docs, faq: pricing } }
`);
    const diagnostics = validateConfig(config).filter((d) => d.severity === 'error');
    expect(diagnostics.map((d) => [d.rule, d.severity, d.location?.line])).toEqual([
      ['policy-violation', 'error', 13],
      ['permission-test-failed', 'error', 17],
    ]);
    expect(diagnostics[0]!.message).toContain(
      'policy "no FAQs for visitors" violated: tier visitor and contact web/u1',
    );
    expect(diagnostics[0]!.message).toMatch(/\(grant at .*contacts\.yaml:13:23\)/);
    expect(diagnostics[0]!.hint).toMatch(/change the policy at .*contacts\.yaml:19:13$/);
    expect(diagnostics[1]!.message).toBe(
      'test "cannot read pricing" failed: tier visitor can reach FAQ pricing of docs: faq_ids of docs lists pricing [faq-listed]',
    );
  });
});

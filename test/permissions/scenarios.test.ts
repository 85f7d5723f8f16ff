/**
 * Every documented scenario, end to end through the config: the fixtures' own `tests:` pass and
 * their policies hold, and the documented outcomes are checked here once more, outcome by outcome.
 */
import { describe, expect, it } from 'vitest';
import { canReach } from '../../src/permissions/can-reach.js';
import { checkPolicies } from '../../src/permissions/check-policies.js';
import { createNames } from '../../src/permissions/names.js';
import { runPermissionTests } from '../../src/permissions/run-permission-tests.js';
import { createResolver } from '../../src/resolve/resolve-contacts.js';
import { loadFixture } from './load-fixture.js';

describe.each(['membership-tiers.yaml', 'departments.yaml', 'product-tags.yaml', '../../../contacts.yaml'])(
  '%s',
  (file) => {
    it('passes its own tests and breaks none of its policies', async () => {
      const config = (await loadFixture(file)).value;
      const results = runPermissionTests(config);
      expect(results.length).toBeGreaterThan(5);
      expect(results.filter((r) => !r.passed)).toEqual([]);
      expect(checkPolicies(config)).toEqual({ violations: [], problems: [] });
    });
  },
);

describe('the Query Metadata overview scenarios (membership-tiers.yaml)', () => {
  it('Visitor: documents in General carrying the Visitor label, plus FAQ 1 and FAQ 2', async () => {
    const config = (await loadFixture('membership-tiers.yaml')).value;
    const visitor = createResolver(config).tier('visitor').queryMetadata;
    const general = config.knowledge_bases!['general']!;
    const kb = general.id;
    const label = config.labels!['visitor-label']!;
    for (const file of Object.values(general.files!)) {
      expect(canReach(visitor, { kb, file, labels: [label] }).allowed).toBe(true);
      expect(canReach(visitor, { kb, file, labels: [] }).allowed).toBe(false);
    }
    const faqs = general.faqs!;
    expect(canReach(visitor, { kb, faq: faqs['faq-1']! }).allowed).toBe(true);
    expect(canReach(visitor, { kb, faq: faqs['faq-2']! }).allowed).toBe(true);
    expect(canReach(visitor, { kb, faq: faqs['faq-3']! }).allowed).toBe(false);
  });

  it('Regular member: documents A, B, C and all FAQs', async () => {
    const config = (await loadFixture('membership-tiers.yaml')).value;
    const member = createResolver(config).tier('member').queryMetadata;
    const general = config.knowledge_bases!['general']!;
    const kb = general.id;
    const reachable = Object.entries(general.files!)
      .filter(([, file]) => canReach(member, { kb, file, labels: [] }).allowed)
      .map(([alias]) => alias);
    expect(reachable).toEqual(['a', 'b', 'c']);
    for (const faq of Object.values(general.faqs!)) expect(canReach(member, { kb, faq }).allowed).toBe(true);
  });

  it('Employee: all document content and FAQs of the Employee and General knowledge bases', async () => {
    const config = (await loadFixture('departments.yaml')).value;
    const employee = createResolver(config).tier('employee').queryMetadata;
    for (const alias of ['employee', 'general']) {
      const kb = config.knowledge_bases![alias]!;
      for (const file of Object.values(kb.files ?? {})) {
        expect(canReach(employee, { kb: kb.id, file, labels: [] }).allowed).toBe(true);
      }
      expect(canReach(employee, { kb: kb.id, faq: '99999999-0000-4000-8000-000000000000' })).toMatchObject({
        allowed: true,
        rule: 'select-all',
      });
    }
  });
});

describe('the seed contact web-chat/user_123456 (contacts.yaml)', () => {
  it('explains with aliases which rule admitted or denied', async () => {
    const config = (await loadFixture('../../../contacts.yaml')).value;
    const contact = createResolver(config)
      .contacts()
      .find((c) => c.address === 'web-chat/user_123456')!;
    const names = createNames(config);
    const kb = config.knowledge_bases!['product-docs']!;
    const d = canReach(
      contact.body.query_metadata,
      { kb: kb.id, file: kb.files!['manual']!, labels: [config.labels!['enterprise']!] },
      names,
    );
    expect(d.allowed).toBe(false);
    expect(d.reason).toBe(
      'chatbot_file_ids of product-docs lists manual [file-listed]; labels [enterprise] do not satisfy ' +
        'label_relations { any: [vip, { all: [enterprise, advanced] }] } [labels-fail]',
    );
  });
});

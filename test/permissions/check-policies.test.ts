import { describe, expect, it } from 'vitest';
import { formatLocation } from '../../src/config/diagnostic.js';
import { checkPolicies } from '../../src/permissions/check-policies.js';
import { loadYaml } from './load-fixture.js';

const BASE = `version: 1
inboxes:
  web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
  line: 8a2b1c3d-4e5f-6789-abcd-ef0123456780
labels:
  distributor: 31000000-0000-4000-8000-000000000001
  cost-price: 31000000-0000-4000-8000-000000000003
knowledge_bases:
  internal:
    id: 32000000-0000-4000-8000-000000000001
    files: { ops: 33000000-0000-4000-8000-000000000001 }
  general:
    id: 32000000-0000-4000-8000-000000000002
    files: { prices: 34000000-0000-4000-8000-000000000002 }
    faqs: { terms: 35000000-0000-4000-8000-000000000002 }
`;

async function check(rest: string) {
  const config = await loadYaml(BASE + rest);
  return { config, report: checkPolicies(config.value) };
}

describe('policy scope', () => {
  const TIERS = `tiers:
  visitor:
    knowledge_bases:
      - { kb: internal, files: [ops] }
  vip:
    extends: visitor
contacts:
  - { source_id: v1, name: V1, inbox: web, tier: visitor }
  - { source_id: v2, name: V2, inbox: line, tier: visitor }
  - { source_id: p1, name: P1, inbox: web, tier: vip }
`;

  it('tiers: the tier itself and its contacts, grouped under the grant that admits the content', async () => {
    const { config, report } = await check(`${TIERS}policies:
  - name: visitors stay out of internal
    tiers: [visitor]
    deny: { kb: internal }
`);
    expect(report.problems).toEqual([]);
    expect(report.violations).toHaveLength(1);
    const v = report.violations[0]!;
    expect(v).toMatchObject({
      policy: 'visitors stay out of internal',
      tiers: ['visitor'],
      contacts: ['line/v2', 'web/v1'],
      content: 'knowledge base internal',
      cause: ['tiers', 'visitor', 'knowledge_bases', 0],
    });
    expect(v.reason).toBe('faq_ids of internal is empty, which admits every FAQ [faqs-all-when-empty]');
    expect(formatLocation(config.locate(v.cause))).toMatch(/contacts\.yaml:19:9$/);
  });

  it('tiers: a tier that extends the scoped tier is not in scope (its contacts may legitimately have more)', async () => {
    const { report } = await check(`${TIERS}policies:
  - name: visitors stay out of internal
    tiers: [visitor]
    deny: { kb: internal }
`);
    expect(report.violations.flatMap((v) => [...v.tiers, ...v.contacts])).not.toContain('vip');
    expect(report.violations.flatMap((v) => v.contacts)).not.toContain('web/p1');
  });

  it('inboxes: only the contacts of those inboxes', async () => {
    const { report } = await check(`${TIERS}policies:
  - name: nothing internal on LINE
    inboxes: [line]
    deny: { kb: internal, file: ops }
`);
    expect(report.violations.map((v) => [v.tiers, v.contacts])).toEqual([[[], ['line/v2']]]);
  });

  it('default: every tier and every contact', async () => {
    const { report } = await check(`${TIERS}policies:
  - name: nobody reaches internal
    deny: { kb: internal }
`);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({
      tiers: ['vip', 'visitor'],
      contacts: ['line/v2', 'web/p1', 'web/v1'],
    });
  });

  it('names the contact and its own grant when the grant is on the contact', async () => {
    const { report } = await check(`tiers:
  visitor: {}
contacts:
  - { source_id: v1, name: V1, inbox: web, tier: visitor }
  - source_id: v2
    name: V2
    inbox: web
    tier: visitor
    knowledge_bases: [{ kb: internal, all: true }]
  - source_id: raw
    name: Raw
    inbox: web
    query_metadata:
      knowledge_bases:
        - { knowledge_base_id: 32000000-0000-4000-8000-000000000002, chatbot_file_ids: [] }
        - { knowledge_base_id: 32000000-0000-4000-8000-000000000001, has_user_selected_all: "True" }
policies:
  - name: nobody reaches internal
    deny: { kb: internal }
`);
    expect(report.violations.map((v) => [v.contacts, v.cause])).toEqual([
      [['web/v2'], ['contacts', 1, 'knowledge_bases', 0]],
      [['web/raw'], ['contacts', 2, 'query_metadata', 'knowledge_bases', 1]],
    ]);
  });
});

describe('a deny without labels', () => {
  it('is violated when the content is reachable under some set of labels', async () => {
    const { report } = await check(`tiers:
  t:
    labels: { all: [distributor, cost-price] }
    knowledge_bases: [{ kb: internal, files: [ops] }]
policies:
  - { name: p, deny: { kb: internal, file: ops } }
`);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({
      cause: ['tiers', 't', 'knowledge_bases', 0],
      alsoCause: ['tiers', 't', 'labels'],
    });
    expect(report.violations[0]!.reason).toContain('[labels-hold]');
  });

  it('holds when no set of labels can satisfy the condition (an empty group)', async () => {
    const { report } = await check(`tiers:
  t:
    labels: { all: [distributor, { any: [] }] }
    knowledge_bases: [{ kb: internal, files: [ops] }]
policies:
  - { name: p, deny: { kb: internal, file: ops } }
`);
    expect(report.violations).toEqual([]);
  });
});

describe('a deny with labels', () => {
  const policy = `policies:
  - name: a distributor never sees cost prices
    deny: { kb: general, labels: [cost-price] }
`;
  const tier = (labels: string) => `tiers:
  distributor:
${labels}
    knowledge_bases: [{ kb: general, files: [prices], faqs: [terms] }]
`;

  it('is violated when the label condition admits the label on its own', async () => {
    const { report } = await check(tier('    labels: { any: [distributor, cost-price] }') + policy);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({
      tiers: ['distributor'],
      content: 'a file of general with labels [cost-price]',
      cause: ['tiers', 'distributor', 'labels'],
      alsoCause: ['tiers', 'distributor', 'knowledge_bases', 0],
    });
    expect(report.violations[0]!.reason).toContain('admits files labelled cost-price, through cost-price');
  });

  it('is violated when a way in needs the label together with another', async () => {
    const { report } = await check(tier('    labels: { all: [distributor, cost-price] }') + policy);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]!.reason).toContain('admits files labelled distributor + cost-price');
  });

  it('is violated when there is no label condition at all, and points at the grant', async () => {
    const { report } = await check(tier('') + policy);
    expect(report.violations[0]).toMatchObject({ cause: ['tiers', 'distributor', 'knowledge_bases', 0] });
    expect(report.violations[0]!.reason).toContain('[labels-absent]');
  });

  it('holds when the condition is met without the denied label', async () => {
    const { report } = await check(tier('    labels: distributor') + policy);
    expect(report.violations).toEqual([]);
  });

  it('on a FAQ, is violated by the FAQ grant alone (labels do not filter FAQs)', async () => {
    const { report } = await check(`${tier('    labels: distributor')}policies:
  - { name: p, deny: { kb: general, faq: terms, labels: [cost-price] } }
`);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]!.reason).toContain('[labels-not-for-faqs]');
  });
});

describe('policies that cannot be checked', () => {
  it('are reported, not silently passed', async () => {
    const { report } = await check(`tiers:
  t: {}
policies:
  - { name: unknown tier, tiers: [nope], deny: { kb: internal } }
  - { name: unknown inbox, inboxes: [nowhere], deny: { kb: internal } }
  - { name: unknown content, deny: { kb: internal, file: missing } }
`);
    expect(report.problems.map((p) => [p.policy, p.message, p.path])).toEqual([
      ['unknown tier', 'unknown tier "nope"', ['policies', 0, 'tiers', 0]],
      ['unknown inbox', 'unknown inbox "nowhere"', ['policies', 1, 'inboxes', 0]],
      ['unknown content', 'unknown file "missing" in knowledge base internal', ['policies', 2, 'deny']],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatConfigText } from '../../src/fmt/format-config-text.js';

describe('formatConfigText', () => {
  it('orders policies, tests and knowledge bases, keeps alias maps and unknown keys in their order', () => {
    const text = `tests:
  - cannot: { labels: [vip], kb: docs }
    tier: visitor
    name: visitors never see VIP docs
policies:
  - deny: { faq: f, kb: docs }
    name: p
knowledge_bases:
  zeta: { faqs: {}, id: 22222222-0000-4000-8000-000000000002 }
  alpha: { id: 123e4567-e89b-12d3-a456-426614174000, description: first }
tiers:
  b: {}
  a: { knowledge_bases: [{ all: true, kb: docs }], extends: b }
x-custom: 1
version: 1
`;
    const result = formatConfigText(text, 'c.yaml');
    expect(result.text).toBe(`version: 1
knowledge_bases:
  zeta: { id: 22222222-0000-4000-8000-000000000002, faqs: {} }
  alpha: { id: 123e4567-e89b-12d3-a456-426614174000, description: first }
tiers:
  b: {}
  a: { extends: b, knowledge_bases: [{ kb: docs, all: true }] }
policies:
  - name: p
    deny: { kb: docs, faq: f }
tests:
  - name: visitors never see VIP docs
    tier: visitor
    cannot: { kb: docs, labels: [vip] }
x-custom: 1
`);
    expect(formatConfigText(result.text ?? '', 'c.yaml').text).toBe(result.text);
  });

  it('keeps quoted strings with brackets and spaces intact', () => {
    const text = `contacts:\n  - { source_id: "a [ b ]", name: 'c [ d ]', inbox: x, labels: { any: [ "[ e ]" ] } }\n`;
    expect(formatConfigText(text, 'c.yaml').text).toBe(
      `contacts:\n  - { source_id: "a [ b ]", name: 'c [ d ]', inbox: x, labels: { any: ["[ e ]"] } }\n`,
    );
  });

  it('reports a duplicate key instead of formatting', () => {
    const result = formatConfigText('a: 1\na: 2\n', 'c.yaml');
    expect(result.text).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({
      rule: 'yaml-duplicate-key',
      location: { file: 'c.yaml', line: 2 },
    });
  });
});

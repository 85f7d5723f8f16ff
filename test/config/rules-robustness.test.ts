/** Semantic rules run on schema-invalid configs too: whatever the shapes, no rule may throw. */
import { describe, expect, it } from 'vitest';
import { mergeFiles } from '../../src/config/load-config.js';
import type { ParsedFile } from '../../src/config/parse-yaml.js';
import { RULES } from '../../src/validate/rules.js';
import { validateConfig } from '../../src/validate/validate-config.js';

const GARBAGE: unknown[] = [
  null,
  0,
  7,
  true,
  'text',
  [],
  {},
  [null, 1, 'x', [], {}],
  { a: null, b: 5, c: [] },
];

function fileWith(value: unknown): ParsedFile {
  return {
    path: 'garbage.yaml',
    value,
    locate: () => ({ file: 'garbage.yaml', line: 1, column: 1 }),
  };
}

/** Configs with a wrong value in every place a rule looks. */
function* hostileConfigs(): Generator<Record<string, unknown>> {
  for (const g of GARBAGE) {
    yield { inboxes: g, labels: g, knowledge_bases: g, tiers: g, contacts: g, policies: g, tests: g };
    yield { knowledge_bases: { k: g, j: { id: g, inboxes: g, files: g, faqs: g } } };
    yield {
      tiers: {
        t: g,
        u: { extends: g, labels: g, knowledge_bases: g },
        v: { knowledge_bases: [g, { kb: g, files: g, faqs: g, all: g }] },
      },
    };
    yield { tiers: { t: { labels: { any: g, all: [g, { any: [g] }] } } } };
    yield {
      contacts: [
        g,
        {
          source_id: g,
          name: g,
          inbox: g,
          tier: g,
          avatar: g,
          labels: g,
          knowledge_bases: g,
          query_metadata: g,
        },
        { inbox: 'x', source_id: 'y', query_metadata: { knowledge_bases: g, label_relations: g } },
        {
          query_metadata: { knowledge_bases: [g, { knowledge_base_id: g, chatbot_file_ids: g, faq_ids: g }] },
        },
        { query_metadata: { label_relations: { conditions: [g, { conditions: g, label_id: g }] } } },
      ],
    };
    yield {
      policies: [g, { tiers: g, inboxes: g, deny: g }, { deny: { kb: g, file: g, faq: g, labels: g } }],
      tests: [g, { tier: g, contact: g, can: g, cannot: { kb: g, file: g, labels: g } }],
    };
  }
}

describe('semantic rules on malformed configs', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s never throws', (_id, rule) => {
    let count = 0;
    for (const value of hostileConfigs()) {
      const { config } = mergeFiles([fileWith(value)]);
      expect(() => validateConfig(config, [rule])).not.toThrow();
      count++;
    }
    expect(count).toBeGreaterThan(40);
  });
});

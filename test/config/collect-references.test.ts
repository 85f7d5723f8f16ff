import { describe, expect, it } from 'vitest';
import { collectObjectReferences } from '../../src/config/collect-references.js';
import type { ContactsConfig } from '../../src/config/contacts-config.generated.js';

const U = (n: number): string => `${String(n).repeat(8)}-0000-0000-0000-000000000000`;

describe('collectObjectReferences', () => {
  it('declarations once at their declaration, raw UUIDs at each place of use', () => {
    const config = {
      version: 1,
      inboxes: { web: U(1) },
      labels: { vip: U(2) },
      knowledge_bases: {
        docs: { id: U(3), files: { manual: U(4) }, faqs: { price: U(5) }, inboxes: [U(6)] },
      },
      tiers: {
        t: {
          labels: { any: ['vip', U(2), { all: [U(7)] }] },
          knowledge_bases: [{ kb: 'docs', files: ['manual', U(8)] }, { kb: U(9) }],
        },
      },
      contacts: [
        { source_id: 's', name: 'n', inbox: U(1) },
        {
          source_id: 'r',
          name: 'n',
          inbox: 'web',
          query_metadata: {
            knowledge_bases: [{ knowledge_base_id: U(3), chatbot_file_ids: [U(4)], faq_ids: [] }],
            label_relations: {
              operator: 'OR',
              conditions: [{ operator: 'AND', conditions: [{ label_id: U(2) }] }],
            },
          },
        },
      ],
      policies: [{ name: 'p', tiers: ['t'], deny: { kb: 'docs', faq: U(5), labels: ['vip'] } }],
      tests: [{ name: 'x', tier: 't', cannot: { kb: U(9), file: U(8) } }],
    } as ContactsConfig;
    expect(
      collectObjectReferences(config).map((r) => `${r.kind} ${r.id.slice(0, 1)} ${r.path.join('.')}`),
    ).toEqual([
      'inbox 1 inboxes.web',
      'label 2 labels.vip',
      'knowledge-base 3 knowledge_bases.docs.id',
      'file 4 knowledge_bases.docs.files.manual',
      'faq 5 knowledge_bases.docs.faqs.price',
      'inbox 6 knowledge_bases.docs.inboxes.0',
      'label 7 tiers.t.labels.any.2.all.0',
      'file 8 tiers.t.knowledge_bases.0.files.1',
      'knowledge-base 9 tiers.t.knowledge_bases.1.kb',
      'knowledge-base 3 contacts.1.query_metadata.knowledge_bases.0.knowledge_base_id',
      'file 4 contacts.1.query_metadata.knowledge_bases.0.chatbot_file_ids.0',
      'label 2 contacts.1.query_metadata.label_relations.conditions.0.conditions.0.label_id',
      'knowledge-base 9 tests.0.cannot.kb',
      'file 8 tests.0.cannot.file',
    ]);
  });
});

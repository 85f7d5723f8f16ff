import { describe, expect, it } from 'vitest';
import { accessSnapshot, declaredKnowledgeBases } from '../../../src/permissions/access-snapshot.js';
import { createNames, RAW_NAMES } from '../../../src/permissions/names.js';
import { summarizeReach } from '../../../src/permissions/summarize-reach.js';
import { renderAccessSection, renderReach } from '../../../src/report/access/index.js';
import { loadFixture } from '../../permissions/load-fixture.js';

async function example() {
  const config = (await loadFixture('../../../contacts.yaml')).value;
  return {
    config,
    after: accessSnapshot(config),
    names: createNames(config),
    kbs: declaredKnowledgeBases(config),
  };
}

describe('renderAccessSection', () => {
  it('draws the tier x knowledge-base matrix of the new config', async () => {
    const { after, names, kbs } = await example();
    const text = renderAccessSection({ before: after, after, names, kbs });
    expect(text).toBe(
      [
        '### Access',
        '',
        '**Tier × knowledge base** (the new config)',
        '',
        '| tier | `product-docs` |',
        '| --- | --- |',
        '| `visitor` | FAQ pricing |',
        '| `member` | file manual · FAQs pricing, shipping |',
        '| `vip` | file manual¹ · FAQ pricing |',
        '',
        "¹ only files whose labels satisfy the tier's label condition.",
        '',
        '**Changes in reach**',
        '',
        'No tier or contact gains or loses access.',
      ].join('\n'),
    );
  });

  it('lists what each changed tier and contact gains and loses, grouping identical changes', async () => {
    const { after, names, kbs } = await example();
    const member = after.tiers!['member']!;
    const before = {
      tiers: { ...after.tiers, vip: member },
      contacts: { 'web-chat/user_123456': member, 'web-chat/user_234567': member, 'web-chat/gone': member },
    };
    const lines = renderAccessSection({ before, after, names, kbs }).split('\n');
    const changes = lines.slice(lines.indexOf('**Changes in reach**') + 2);
    expect(changes).toEqual([
      '- **tier `vip`**: `product-docs`: loses FAQ shipping; labels none → `{ any: [vip, { all: [enterprise, advanced] }] }` (files now need matching labels)',
      '- **contact `web-chat/gone`**: loses `product-docs` (file manual, FAQs pricing, shipping)',
      '- **contact `web-chat/shared-visitor`**: gains `product-docs` (FAQ pricing)',
      '- **contact `web-chat/user_123456`**: `product-docs`: loses FAQ shipping; labels none → `{ any: [vip, { all: [enterprise, advanced] }] }` (files now need matching labels)',
    ]);
  });

  it('stays bounded: contacts with the same change share a line, and lines are capped', () => {
    const granted = summarizeReach({
      knowledge_bases: [{ knowledge_base_id: 'kb', has_user_selected_all: 'True' }],
    });
    const contacts = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`web/${String(i).padStart(4, '0')}`, granted]),
    );
    const text = renderAccessSection({
      before: { contacts: {} },
      after: { tiers: {}, contacts },
      names: RAW_NAMES,
      maxContactsPerLine: 3,
    });
    expect(text).toContain(
      '- **1000 contacts (`web/0000`, `web/0001`, `web/0002` and 997 more)**: gains `kb` (every file, every FAQ)',
    );
    expect(text.length).toBeLessThan(1000);
  });

  it('counts rather than lists long runs of files', () => {
    const files = Array.from({ length: 25 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const reach = (ids: string[]) =>
      summarizeReach({ knowledge_bases: [{ knowledge_base_id: 'kb', chatbot_file_ids: ids }] });
    const text = renderAccessSection({
      before: { contacts: { 'web/a': reach(['f00']) } },
      after: { contacts: { 'web/a': reach(files) } },
      names: RAW_NAMES,
    });
    expect(text).toContain(
      '- **contact `web/a`**: `kb`: gains files f01, f02, f03, f04, f05, f06, f07, f08, f09, f10 and 14 more',
    );
  });
});

describe('renderReach', () => {
  it('shows each knowledge base with the rule behind its files and FAQs', async () => {
    const { after, names } = await example();
    expect(renderReach(after.tiers!['vip']!, names)).toBe(
      [
        'product-docs',
        "  files: manual, only where the file's labels satisfy { any: [vip, { all: [enterprise, advanced] }] }",
        '  FAQs: pricing',
      ].join('\n'),
    );
    expect(renderReach(after.tiers!['visitor']!, names)).toBe(
      [
        'product-docs',
        '  files: no file (chatbot_file_ids is empty and there is no label_relations)',
        '  FAQs: pricing',
      ].join('\n'),
    );
  });

  it('says plainly when nothing is reachable, and warns about unreadable parts', () => {
    expect(renderReach(summarizeReach({ knowledge_bases: [] }))).toBe(
      'nothing: knowledge_bases is empty, so no knowledge base can be queried',
    );
    const reach = summarizeReach({ knowledge_bases: [{ knowledge_base_id: 'kb', faq_ids: 'all' }] });
    expect(renderReach(reach, RAW_NAMES, 'markdown')).toBe(
      [
        '- **kb**',
        '  - files: no file (chatbot_file_ids is empty and there is no label_relations)',
        '  - FAQs: no FAQ (malformed, read as nothing)',
        '- warning: knowledge_bases[0].faq_ids is not a list of ids (read as granting nothing)',
      ].join('\n'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { compareReach } from '../../src/permissions/compare-reach.js';
import { diffReach, isEmptyDiff } from '../../src/permissions/diff-reach.js';
import { summarizeReach } from '../../src/permissions/summarize-reach.js';

const KB = '20000000-0000-4000-8000-000000000001';
const KB2 = '20000000-0000-4000-8000-000000000002';
const A = '21000000-0000-4000-8000-00000000000a';
const B = '21000000-0000-4000-8000-00000000000b';
const F1 = '22000000-0000-4000-8000-000000000001';
const F2 = '22000000-0000-4000-8000-000000000002';
const VIP = '10000000-0000-4000-8000-000000000001';
const GOLD = '10000000-0000-4000-8000-000000000002';

function qm(entries: Record<string, unknown>[], labels?: unknown) {
  const knowledge_bases = entries.map((e) => ({
    knowledge_base_id: KB,
    chatbot_file_ids: [],
    faq_ids: [],
    has_user_selected_all: 'False',
    ...e,
  }));
  return summarizeReach(
    labels === undefined ? { knowledge_bases } : { knowledge_bases, label_relations: labels },
  );
}
const or = (...ids: string[]) => ({ operator: 'OR', conditions: ids.map((label_id) => ({ label_id })) });

describe('compareReach', () => {
  it('orders by files, FAQs and knowledge bases', () => {
    const small = qm([{ chatbot_file_ids: [A], faq_ids: [F1] }]);
    const big = qm([{ chatbot_file_ids: [A, B], faq_ids: [F1] }]);
    expect(compareReach(small, big)).toBe('less');
    expect(compareReach(big, small)).toBe('more');
    expect(compareReach(small, qm([{ chatbot_file_ids: [A], faq_ids: [F1] }]))).toBe('equal');
    expect(
      compareReach(
        qm([{ chatbot_file_ids: [A], faq_ids: [F1] }]),
        qm([{ chatbot_file_ids: [B], faq_ids: [F1] }]),
      ),
    ).toBe('incomparable');
    expect(
      compareReach(
        big,
        qm([
          { chatbot_file_ids: [A, B], faq_ids: [F1] },
          { knowledge_base_id: KB2, faq_ids: [F2] },
        ]),
      ),
    ).toBe('less');
  });

  it('treats every file as more than any list, and an empty FAQ list as every FAQ', () => {
    expect(compareReach(qm([{ chatbot_file_ids: [A, B] }]), qm([{ has_user_selected_all: 'True' }]))).toBe(
      'less',
    );
    expect(compareReach(qm([{ faq_ids: [F1, F2] }]), qm([{ faq_ids: [] }]))).toBe('less');
  });

  it('compares label conditions by implication where files are reached', () => {
    const files = [{ chatbot_file_ids: [A], faq_ids: [F1] }];
    expect(compareReach(qm(files, or(VIP)), qm(files, or(VIP, GOLD)))).toBe('less');
    expect(compareReach(qm(files, or(VIP)), qm(files))).toBe('less');
    expect(compareReach(qm(files, or(VIP)), qm(files, or(GOLD)))).toBe('incomparable');
    // An empty file list with label_relations selects files by label: the labels matter here too.
    expect(compareReach(qm([{ faq_ids: [F1] }], or(VIP)), qm([{ faq_ids: [F1] }], or(VIP, GOLD)))).toBe(
      'less',
    );
  });

  it('ignores labels where no file is reached', () => {
    const raw = (labels: unknown) => ({
      knowledge_bases: [{ knowledge_base_id: KB, chatbot_file_ids: [], faq_ids: [F1] }],
      label_relations: labels,
    });
    // An empty AND admits nothing, so no file is reached and only the FAQ counts.
    const none = summarizeReach(raw({ operator: 'AND', conditions: [] }));
    expect(compareReach(none, summarizeReach(raw({ operator: 'OR', conditions: [] })))).toBe('equal');
    expect(compareReach(none, qm([{ faq_ids: [F1] }], or(VIP)))).toBe('less');
  });

  it('is "less" for a deny-all against anything granted', () => {
    expect(compareReach(summarizeReach({ knowledge_bases: [] }), qm([{ faq_ids: [F1] }]))).toBe('less');
  });
});

describe('diffReach', () => {
  it('names the files and FAQs gained and lost per knowledge base', () => {
    const diff = diffReach(
      qm([{ chatbot_file_ids: [A], faq_ids: [F1] }]),
      qm([{ chatbot_file_ids: [B], faq_ids: [F1, F2] }]),
    );
    expect(diff.knowledgeBases).toEqual([
      {
        kb: KB,
        change: 'changed',
        files: { gained: { every: false, ids: [B] }, lost: { every: false, ids: [A] } },
        faqs: { gained: { every: false, ids: [F2] }, lost: { every: false, ids: [] } },
      },
    ]);
  });

  it('says what remains when "every file" is lost', () => {
    const diff = diffReach(qm([{ has_user_selected_all: 'True' }]), qm([{ chatbot_file_ids: [A] }]));
    expect(diff.knowledgeBases[0]?.files.lost).toEqual({ every: true, ids: [], except: [A] });
    expect(diff.knowledgeBases[0]?.faqs).toEqual({
      gained: { every: false, ids: [] },
      lost: { every: false, ids: [] },
    });
  });

  it('reports knowledge bases added and removed, and label sets gained and lost', () => {
    const before = qm([{ chatbot_file_ids: [A] }], or(VIP));
    const after = summarizeReach({
      knowledge_bases: [{ knowledge_base_id: KB2, chatbot_file_ids: [A] }],
      label_relations: or(GOLD),
    });
    const diff = diffReach(before, after);
    expect(diff.knowledgeBases.map((k) => [k.kb, k.change])).toEqual([
      [KB, 'removed'],
      [KB2, 'added'],
    ]);
    expect(diff.labels).toMatchObject({ gained: [[GOLD]], lost: [[VIP]] });
  });

  it('is empty when nothing changes, even if the query_metadata is written differently', () => {
    const a = qm([{ chatbot_file_ids: [A, B], faq_ids: [] }]);
    const b = summarizeReach({
      knowledgeBases: [{ knowledgeBaseId: KB.toUpperCase(), chatbotFileIds: [B, A] }],
    });
    expect(isEmptyDiff(diffReach(a, b))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { canReach } from '../../src/permissions/can-reach.js';

const KB = '123e4567-e89b-12d3-a456-426614174000';
const OTHER_KB = '123e4567-e89b-12d3-a456-426614174999';
const MANUAL = '9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e';
const SPEC = '9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8f';
const PRICING = 'a1b2c3d4-e5f6-7890-abcd-1234567890ab';
const SHIPPING = 'a1b2c3d4-e5f6-7890-abcd-1234567890ac';
const VIP = '11111111-2222-3333-4444-555555555555';
const ENTERPRISE = '66666666-7777-8888-9999-000000000000';
const ADVANCED = 'aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee';

/** The seed's documented request body (Contacts API, 請求範例值). */
const SEED = {
  label_relations: {
    operator: 'OR',
    conditions: [
      { label_id: VIP },
      { operator: 'AND', conditions: [{ label_id: ENTERPRISE }, { label_id: ADVANCED }] },
    ],
  },
  knowledge_bases: [
    { knowledge_base_id: KB, chatbot_file_ids: [MANUAL], faq_ids: [PRICING], has_user_selected_all: 'False' },
  ],
};

function entry(overrides: Record<string, unknown> = {}) {
  return {
    knowledge_base_id: KB,
    chatbot_file_ids: [],
    faq_ids: [],
    has_user_selected_all: 'False',
    ...overrides,
  };
}

describe('canReach on the seed example (nested AND/OR)', () => {
  it.each([
    [[VIP], true],
    [[ENTERPRISE, ADVANCED], true],
    [[VIP, ENTERPRISE], true],
    [[ENTERPRISE], false],
    [[ADVANCED], false],
    [[], false],
  ])('the manual with labels %j -> %s', (labels, allowed) => {
    const d = canReach(SEED, { kb: KB, file: MANUAL, labels });
    expect(d.allowed).toBe(allowed);
    expect(d.rules).toEqual(['file-listed', allowed ? 'labels-hold' : 'labels-fail']);
  });

  it('does not reach a file that is not listed, whatever its labels', () => {
    const d = canReach(SEED, { kb: KB, file: SPEC, labels: [VIP] });
    expect(d).toMatchObject({ allowed: false, rule: 'file-not-listed' });
    expect(d.reason).toContain(`not ${SPEC}`);
  });

  it('reaches the listed FAQ without any label (labels filter documents, not FAQs)', () => {
    const d = canReach(SEED, { kb: KB, faq: PRICING, labels: [] });
    expect(d.allowed).toBe(true);
    expect(d.rules).toEqual(['faq-listed', 'labels-not-for-faqs']);
  });

  it('does not reach an unlisted FAQ', () => {
    expect(canReach(SEED, { kb: KB, faq: SHIPPING })).toMatchObject({
      allowed: false,
      rule: 'faq-not-listed',
    });
  });

  it('does not reach a knowledge base that is not granted', () => {
    const d = canReach(SEED, { kb: OTHER_KB });
    expect(d).toMatchObject({ allowed: false, rule: 'kb-not-granted' });
    expect(d.reason).toContain(`granted: ${KB}`);
  });

  it('with labels left open, reaches the manual under some labels and names them', () => {
    const d = canReach(SEED, { kb: KB, file: MANUAL });
    expect(d.allowed).toBe(true);
    expect(d.reason).toContain(`labels [${VIP}]`);
  });
});

describe('knowledge_bases', () => {
  it.each([[{}], [{ knowledge_bases: [] }], [null], [undefined]])('%j reaches nothing', (qm) => {
    expect(canReach(qm, { kb: KB })).toMatchObject({ allowed: false, rule: 'no-knowledge-bases' });
  });

  it('reads camelCase keys and upper-case ids as the API does', () => {
    const qm = {
      knowledgeBases: [
        {
          knowledgeBaseId: KB.toUpperCase(),
          chatbotFileIds: [MANUAL.toUpperCase()],
          hasUserSelectedAll: 'False',
        },
      ],
      labelRelations: { operator: 'or', conditions: [{ labelId: VIP }] },
    };
    expect(canReach(qm, { kb: KB, file: MANUAL, labels: [VIP] }).allowed).toBe(true);
    expect(canReach(qm, { kb: KB, file: MANUAL, labels: [] }).allowed).toBe(false);
  });
});

describe('has_user_selected_all', () => {
  it.each(['True', 'true', 'TRUE', true])('%j admits every file and FAQ, even unlisted ones', (value) => {
    const qm = { knowledge_bases: [entry({ has_user_selected_all: value, chatbot_file_ids: [MANUAL] })] };
    expect(canReach(qm, { kb: KB, file: SPEC, labels: [] })).toMatchObject({ allowed: true });
    expect(canReach(qm, { kb: KB, faq: SHIPPING }).rules).toEqual(['select-all']);
  });

  it.each(['False', 'yes', 1, undefined])('%j does not select all', (value) => {
    const qm = { knowledge_bases: [entry({ has_user_selected_all: value, chatbot_file_ids: [MANUAL] })] };
    expect(canReach(qm, { kb: KB, file: SPEC, labels: [] })).toMatchObject({
      allowed: false,
      rule: 'file-not-listed',
    });
  });

  it('still filters files by label_relations', () => {
    const qm = {
      knowledge_bases: [entry({ has_user_selected_all: 'True' })],
      label_relations: SEED.label_relations,
    };
    expect(canReach(qm, { kb: KB, file: SPEC, labels: [] })).toMatchObject({
      allowed: false,
      rule: 'labels-fail',
    });
    expect(canReach(qm, { kb: KB, file: SPEC, labels: [VIP] }).allowed).toBe(true);
  });
});

describe('empty id lists', () => {
  it('an empty chatbot_file_ids without label_relations admits no file', () => {
    const qm = { knowledge_bases: [entry({ faq_ids: [PRICING] })] };
    expect(canReach(qm, { kb: KB, file: MANUAL })).toMatchObject({ allowed: false, rule: 'files-none' });
  });

  it('an empty chatbot_file_ids with label_relations selects files by label', () => {
    const qm = {
      knowledge_bases: [entry()],
      label_relations: { operator: 'OR', conditions: [{ label_id: VIP }] },
    };
    const d = canReach(qm, { kb: KB, file: SPEC, labels: [VIP] });
    expect(d.allowed).toBe(true);
    expect(d.rules).toEqual(['files-by-labels', 'labels-hold']);
    expect(canReach(qm, { kb: KB, file: SPEC, labels: [] }).allowed).toBe(false);
  });

  it('an empty faq_ids admits every FAQ', () => {
    const qm = { knowledge_bases: [entry({ chatbot_file_ids: [MANUAL] })] };
    expect(canReach(qm, { kb: KB, faq: SHIPPING })).toMatchObject({
      allowed: true,
      rule: 'faqs-all-when-empty',
    });
  });

  it('a malformed list admits nothing of its kind', () => {
    const qm = { knowledge_bases: [entry({ chatbot_file_ids: 'all', faq_ids: [7] })] };
    expect(canReach(qm, { kb: KB, file: MANUAL })).toMatchObject({ allowed: false, rule: 'malformed' });
    expect(canReach(qm, { kb: KB, faq: PRICING })).toMatchObject({ allowed: false, rule: 'malformed' });
  });
});

describe('label_relations edge cases', () => {
  it.each([
    [{ operator: 'OR', conditions: [] }],
    [{ operator: 'AND', conditions: [] }],
    [{ operator: 'AND', conditions: [{ label_id: VIP }, { operator: 'OR', conditions: [] }] }],
    [{ operator: 'XOR', conditions: [{ label_id: VIP }] }],
    ['vip'],
  ])('%j admits no file', (labelRelations) => {
    const qm = { knowledge_bases: [entry({ chatbot_file_ids: [MANUAL] })], label_relations: labelRelations };
    const d = canReach(qm, { kb: KB, file: MANUAL, labels: [VIP] });
    expect(d.allowed).toBe(false);
    expect(canReach(qm, { kb: KB, file: MANUAL }).allowed).toBe(false);
  });

  it('an empty group inside an OR is simply never the way in', () => {
    const labels = { operator: 'OR', conditions: [{ operator: 'AND', conditions: [] }, { label_id: VIP }] };
    const qm = { knowledge_bases: [entry({ chatbot_file_ids: [MANUAL] })], label_relations: labels };
    expect(canReach(qm, { kb: KB, file: MANUAL, labels: [VIP] }).allowed).toBe(true);
    expect(canReach(qm, { kb: KB, file: MANUAL, labels: [] }).allowed).toBe(false);
  });

  it('evaluates three levels of nesting', () => {
    const labels = {
      operator: 'AND',
      conditions: [
        { label_id: VIP },
        {
          operator: 'OR',
          conditions: [
            { label_id: ENTERPRISE },
            { operator: 'AND', conditions: [{ label_id: ADVANCED }, { label_id: SPEC }] },
          ],
        },
      ],
    };
    const qm = { knowledge_bases: [entry({ chatbot_file_ids: [MANUAL] })], label_relations: labels };
    const can = (l: string[]): boolean => canReach(qm, { kb: KB, file: MANUAL, labels: l }).allowed;
    expect(can([VIP, ENTERPRISE])).toBe(true);
    expect(can([VIP, ADVANCED, SPEC])).toBe(true);
    expect(can([VIP, ADVANCED])).toBe(false);
    expect(can([ENTERPRISE, ADVANCED, SPEC])).toBe(false);
  });
});

describe('the knowledge base as a whole', () => {
  it('is reachable through its FAQs alone', () => {
    const qm = { knowledge_bases: [entry({ faq_ids: [PRICING] })] };
    expect(canReach(qm, { kb: KB })).toMatchObject({ allowed: true, rule: 'faq-listed' });
  });

  it('with labels given, asks about a file carrying them', () => {
    const qm = { knowledge_bases: [entry({ faq_ids: [PRICING] })] };
    expect(canReach(qm, { kb: KB, labels: [VIP] })).toMatchObject({ allowed: false, rule: 'files-none' });
  });

  it('repeated entries for one knowledge base admit only what each admits', () => {
    const qm = {
      knowledge_bases: [
        entry({ chatbot_file_ids: [MANUAL, SPEC] }),
        entry({ chatbot_file_ids: [MANUAL], faq_ids: [PRICING] }),
      ],
    };
    expect(canReach(qm, { kb: KB, file: MANUAL, labels: [] }).allowed).toBe(true);
    expect(canReach(qm, { kb: KB, file: SPEC, labels: [] })).toMatchObject({
      allowed: false,
      rule: 'duplicate-kb-entries',
    });
    expect(canReach(qm, { kb: KB, faq: SHIPPING }).allowed).toBe(false);
    expect(canReach(qm, { kb: KB, faq: PRICING }).allowed).toBe(true);
  });
});

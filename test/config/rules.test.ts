/** Behaviour of individual rules beyond the one-line cases of bad-configs.test.ts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const HEAD = `version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
  line-oa: 9a2b1c3d-4e5f-6789-abcd-ef0123456789
knowledge_bases:
  docs:
    id: 123e4567-e89b-12d3-a456-426614174000
    inboxes: [line-oa]
    files: { manual: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e }
  other:
    id: 223e4567-e89b-12d3-a456-426614174000
    files: { sheet: 1f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e }
`;

describe('semantic rules', () => {
  it('kb-not-in-inbox reports a tier grant once per inbox, naming the contacts', async () => {
    const contacts = Array.from(
      { length: 5 },
      (_, i) => `  - { source_id: u${i}, name: U, inbox: web-chat, tier: member }`,
    ).join('\n');
    const { diagnostics } = await check(
      `${HEAD}tiers:\n  member:\n    knowledge_bases: [{ kb: docs, files: [manual] }, { kb: other, all: true }]\ncontacts:\n${contacts}\n`,
    );
    const found = diagnostics.filter((d) => d.rule === 'kb-not-in-inbox');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('web-chat/u0, web-chat/u1, web-chat/u2 and 2 more');
    expect(found[0]?.location?.line).toBe(15);
  });

  it('kb-not-in-inbox also checks grants on the contact and raw query_metadata', async () => {
    const { found } = await check(`${HEAD}contacts:
  - source_id: u1
    name: U
    inbox: web-chat
    knowledge_bases: [{ kb: docs }, { kb: other }]
  - source_id: u2
    name: U
    inbox: web-chat
    query_metadata:
      knowledge_bases: [{ knowledge_base_id: 123E4567-E89B-12D3-A456-426614174000 }]
`);
    expect(found).toEqual(['kb-not-in-inbox@17', 'kb-not-in-inbox@22']);
  });

  it('unknown-file refuses a file UUID that belongs to another knowledge base, and accepts other UUIDs', async () => {
    const { found } = await check(`${HEAD}contacts:
  - source_id: u1
    name: U
    inbox: line-oa
    knowledge_bases:
      - { kb: docs, files: [1f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e, 3f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e] }
      - { kb: 323e4567-e89b-12d3-a456-426614174000, files: [manual] }
`);
    expect(found.filter((f) => f.startsWith('unknown-file'))).toEqual(['unknown-file@18', 'unknown-file@19']);
  });

  it('extends-cycle reports a tier extending itself', async () => {
    const { found } = await check(
      `${HEAD}tiers:\n  a: { extends: a }\ncontacts:\n  - { source_id: u1, name: U, inbox: line-oa, tier: a }\n`,
    );
    expect(found).toContain('extends-cycle@14');
  });

  it('counts a use by UUID as a use of the alias', async () => {
    const { found } = await check(`version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
labels:
  vip: 11111111-2222-3333-4444-555555555555
contacts:
  - source_id: u1
    name: U
    inbox: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
    labels: 11111111-2222-3333-4444-555555555555
`);
    expect(found).toEqual([]);
  });

  it('secret-like-field ignores alias names and finds credential-looking values', async () => {
    const { found } = await check(`version: 1
inboxes:
  token-desk: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
tiers:
  secret-club:
    description: Bearer 0123456789abcdefXYZ
contacts:
  - { source_id: u1, name: Basic Membership, inbox: token-desk, tier: secret-club }
`);
    expect(found).toEqual(['secret-like-field@6']);
  });

  it('secret-like-field reports a shared (aliased) secret once, and nothing more below a secret key', async () => {
    const { found } = await check(`version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
tiers:
  member:
    description: &creds { note: Bearer 0123456789abcdefXYZ }
  guest:
    description: *creds
  staff:
    api_key: { value: Token 0123456789abcdefXYZ, password: x }
    token: Bearer 0123456789abcdefXYZ
contacts:
  - { source_id: u1, name: U, inbox: web-chat, tier: member }
`);
    expect(found.filter((f) => f.startsWith('secret-like-field'))).toEqual([
      'secret-like-field@6',
      'secret-like-field@10',
      'secret-like-field@11',
    ]);
  });

  it('identity rules find every kind of outer whitespace, ASCII or not', async () => {
    const contacts = ['"\\u3000u1"', '"u2\\u00a0"', '"\\tu3"', '"u4 "', '"\\u2028"', 'u6']
      .map((id) => `  - { source_id: ${id}, name: U, inbox: web-chat }`)
      .join('\n');
    const { found } = await check(`version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
contacts:
${contacts}
`);
    expect(found.filter((f) => /whitespace|blank/.test(f))).toEqual([
      'surrounding-whitespace@5',
      'surrounding-whitespace@6',
      'surrounding-whitespace@7',
      'surrounding-whitespace@8',
      'blank-value@9',
    ]);
  });

  it('reports an unknown or malformed inbox and an unknown tier at every contact that writes it', async () => {
    const { found } = await check(`version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
tiers:
  member: {}
contacts:
  - { source_id: u1, name: U, inbox: web-chta, tier: member }
  - { source_id: u2, name: U, inbox: web-chat, tier: membr }
  - { source_id: u3, name: U, inbox: web-chta, tier: membr }
  - { source_id: u4, name: U, inbox: 8a2b1c3d-4e5f-6789-abcd-ef012345678, tier: member }
  - { source_id: u5, name: U, inbox: web-chat, tier: member }
  - { source_id: u6, name: U, inbox: 8a2b1c3d-4e5f-6789-abcd-ef012345678 }
`);
    expect(found.filter((f) => /unknown-(inbox|tier)|malformed-uuid/.test(f))).toEqual([
      'unknown-inbox@7',
      'unknown-tier@8',
      'unknown-inbox@9',
      'unknown-tier@9',
      'malformed-uuid@10',
      'malformed-uuid@12',
    ]);
  });

  it('duplicate-address names the first copy for every later one, across alias and UUID, and only within an inbox', async () => {
    const { diagnostics } = await check(`version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
  line-oa: 9a2b1c3d-4e5f-6789-abcd-ef0123456789
tiers:
  member: {}
contacts:
  - { source_id: u1, name: U, inbox: web-chat, tier: member }
  - { source_id: u1, name: U, inbox: line-oa, tier: member }
  - { source_id: u1, name: U, inbox: 8a2b1c3d-4e5f-6789-abcd-ef0123456789, tier: member }
  - { source_id: u2, name: U, inbox: web-chat, tier: member }
  - { source_id: u1, name: U, inbox: web-chat, tier: member }
`);
    const found = diagnostics.filter((d) => d.rule === 'duplicate-address');
    expect(found.map((d) => d.location?.line)).toEqual([10, 12]);
    expect(found.map((d) => d.also?.line)).toEqual([8, 8]);
    expect(found[0]?.message).toContain('are the same inbox');
    expect(found[1]?.message).not.toContain('are the same inbox');
  });

  it('duplicate-address finds every repeat whatever the order: sorted runs, then out of order (fast-check, fixed seed)', async () => {
    const HEADER = `version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
  line-oa: 9a2b1c3d-4e5f-6789-abcd-ef0123456789
tiers:
  member: {}
contacts:
`;
    const FIRST_LINE = 8;
    // Each contact: an inbox (by alias or by UUID) and one of a few source_ids, so that repeats are common.
    const inboxNames = ['web-chat', 'line-oa', '8a2b1c3d-4e5f-6789-abcd-ef0123456789'];
    const inboxOf = (name: string): string => (name === 'line-oa' ? 'line' : 'web');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...inboxNames), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')), {
          minLength: 1,
          maxLength: 14,
        }),
        fc.boolean(),
        async (contacts, sorted) => {
          const list = sorted
            ? [...contacts].sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0))
            : contacts;
          const yaml = list
            .map(([inbox, id]) => `  - { source_id: ${id}, name: U, inbox: ${inbox}, tier: member }`)
            .join('\n');
          const { diagnostics } = await check(`${HEADER}${yaml}\n`);
          const seen = new Set<string>();
          const expected: number[] = [];
          list.forEach(([inbox, id], i) => {
            const key = `${inboxOf(inbox)}/${id}`;
            if (seen.has(key)) expected.push(FIRST_LINE + i);
            seen.add(key);
          });
          const found = diagnostics
            .filter((d) => d.rule === 'duplicate-address')
            .map((d) => d.location?.line);
          expect(found).toEqual(expected);
        },
      ),
      { seed: 20261202, numRuns: 150 },
    );
  });

  it('never repeats the secret in its message', async () => {
    const { diagnostics } = await check('version: 1\npassword: hunter2-very-secret\n');
    const secret = diagnostics.find((d) => d.rule === 'secret-like-field');
    expect(secret).toBeDefined();
    expect(JSON.stringify(diagnostics)).not.toContain('hunter2');
  });
});

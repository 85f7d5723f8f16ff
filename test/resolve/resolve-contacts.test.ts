import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createResolver, resolveContacts } from '../../src/resolve/resolve-contacts.js';
import { configFromYaml, exampleConfig, HEADER, IDS, REPO_ROOT, sortKeys } from '../helpers/config.js';

const seedBody: unknown = JSON.parse(
  readFileSync(`${REPO_ROOT}test/fixtures/seed/request-body.json`, 'utf8'),
);

function resolve(yaml: string) {
  return resolveContacts(configFromYaml(HEADER + yaml).value);
}

function only(yaml: string) {
  const [contact] = resolve(yaml);
  if (!contact) throw new Error('no contact');
  return contact;
}

const kb = (id: string, files: string[] = [], faqs: string[] = [], all = 'False') => ({
  knowledge_base_id: id,
  chatbot_file_ids: files,
  faq_ids: faqs,
  has_user_selected_all: all,
});

describe('the seed example', () => {
  it('resolves web-chat/user_123456 of contacts.yaml to the documented request body, byte for byte', () => {
    const contacts = resolveContacts(exampleConfig().value);
    const contact = contacts.find((c) => c.address === 'web-chat/user_123456');
    expect(contact).toBeDefined();
    expect(JSON.stringify(sortKeys(contact?.body))).toBe(JSON.stringify(sortKeys(seedBody)));
  });

  it('also matches before key sorting: the body keeps the documented field order', () => {
    const contact = resolveContacts(exampleConfig().value)[0];
    expect(JSON.stringify(contact?.body)).toBe(JSON.stringify(seedBody));
  });
});

describe('extends', () => {
  const tiers = `tiers:
  base:
    knowledge_bases:
      - { kb: docs, faqs: [pricing] }
  middle:
    extends: base
    knowledge_bases:
      - { kb: internal, files: [handbook] }
  top:
    extends: middle
    knowledge_bases:
      - { kb: docs, files: [manual], faqs: [pricing, shipping] }
`;

  it('inherits grants along a chain, the nearer tier replacing a knowledge base entry by id', () => {
    const c = only(`${tiers}contacts:\n  - { source_id: u1, name: U, inbox: web, tier: top }\n`);
    expect(c.body.query_metadata).toEqual({
      knowledge_bases: [
        kb(IDS.docs, [IDS.manual], [IDS.pricing, IDS.shipping]),
        kb(IDS.internal, [IDS.handbook]),
      ],
    });
    expect(c.tierChain).toEqual(['top', 'middle', 'base']);
    expect(c.provenance.knowledgeBases).toEqual([
      {
        knowledge_base_id: IDS.docs,
        source: { kind: 'tier', tier: 'top', path: ['tiers', 'top', 'knowledge_bases', 0] },
      },
      {
        knowledge_base_id: IDS.internal,
        source: { kind: 'tier', tier: 'middle', path: ['tiers', 'middle', 'knowledge_bases', 0] },
      },
    ]);
  });

  it('merges several parents, a later parent winning over an earlier one for the same knowledge base', () => {
    const c = only(`tiers:
  a:
    labels: vip
    knowledge_bases: [{ kb: docs, faqs: [pricing] }]
  b:
    knowledge_bases: [{ kb: docs, all: true }, { kb: internal }]
  child:
    extends: [a, b]
contacts:
  - { source_id: u1, name: U, inbox: web, tier: child }
`);
    expect(c.body.query_metadata).toEqual({
      label_relations: { operator: 'OR', conditions: [{ label_id: IDS.vip }] },
      knowledge_bases: [kb(IDS.docs, [], [], 'True'), kb(IDS.internal)],
    });
    expect(c.tierChain).toEqual(['child', 'a', 'b']);
    expect(c.provenance.knowledgeBases.map((p) => p.source.tier)).toEqual(['b', 'b']);
    expect(c.provenance.labels).toEqual({ kind: 'tier', tier: 'a', path: ['tiers', 'a', 'labels'] });
  });

  it('lists a shared ancestor once in a diamond', () => {
    const c = only(`tiers:
  root: { knowledge_bases: [{ kb: docs }] }
  left: { extends: root }
  right: { extends: root, labels: enterprise }
  bottom: { extends: [left, right] }
contacts:
  - { source_id: u1, name: U, inbox: web, tier: bottom }
`);
    expect(c.tierChain).toEqual(['bottom', 'left', 'root', 'right']);
    expect(c.body.query_metadata.label_relations).toEqual({
      operator: 'OR',
      conditions: [{ label_id: IDS.enterprise }],
    });
  });

  it('lets a child replace its parent labels, and inherit them when it sets none', () => {
    const [inherits, replaces] = resolve(`tiers:
  parent: { labels: vip, knowledge_bases: [{ kb: docs }] }
  quiet: { extends: parent }
  loud: { extends: parent, labels: { all: [enterprise, advanced] } }
contacts:
  - { source_id: u1, name: U, inbox: web, tier: quiet }
  - { source_id: u2, name: V, inbox: web, tier: loud }
`);
    expect(inherits?.body.query_metadata.label_relations).toEqual({
      operator: 'OR',
      conditions: [{ label_id: IDS.vip }],
    });
    expect(replaces?.body.query_metadata.label_relations).toEqual({
      operator: 'AND',
      conditions: [{ label_id: IDS.enterprise }, { label_id: IDS.advanced }],
    });
  });

  it('refuses a cycle with the tiers that form it', () => {
    const config = configFromYaml(`${HEADER}tiers:
  a: { extends: b }
  b: { extends: c }
  c: { extends: a }
contacts:
  - { source_id: u1, name: U, inbox: web, tier: a }
`);
    expect(() => resolveContacts(config.value)).toThrow(ConfigError);
    expect(() => resolveContacts(config.value)).toThrow('a -> b -> c -> a');
  });

  it('refuses an unknown tier', () => {
    const config = configFromYaml(
      `${HEADER}contacts:\n  - { source_id: u1, name: U, inbox: web, tier: nope }\n`,
    );
    expect(() => resolveContacts(config.value)).toThrow('unknown tier "nope"');
  });
});

describe('contact-level grants', () => {
  const tiers = `tiers:
  member:
    labels: vip
    knowledge_bases:
      - { kb: docs, faqs: [pricing] }
`;

  it('merge over the tier by knowledge base, the contact entry replacing the tier one', () => {
    const c = only(`${tiers}contacts:
  - source_id: u1
    name: U
    inbox: web
    tier: member
    knowledge_bases:
      - { kb: internal, files: [handbook] }
      - { kb: docs, files: [spec] }
`);
    expect(c.body.query_metadata).toEqual({
      label_relations: { operator: 'OR', conditions: [{ label_id: IDS.vip }] },
      knowledge_bases: [kb(IDS.docs, [IDS.spec]), kb(IDS.internal, [IDS.handbook])],
    });
    expect(c.provenance.knowledgeBases.map((p) => p.source)).toEqual([
      { kind: 'contact', path: ['contacts', 0, 'knowledge_bases', 1] },
      { kind: 'contact', path: ['contacts', 0, 'knowledge_bases', 0] },
    ]);
    expect(c.provenance.labels).toEqual({
      kind: 'tier',
      tier: 'member',
      path: ['tiers', 'member', 'labels'],
    });
  });

  it('replace the tier labels with the contact labels', () => {
    const c = only(`${tiers}contacts:
  - { source_id: u1, name: U, inbox: web, tier: member, labels: { any: [enterprise, advanced] } }
`);
    expect(c.body.query_metadata.label_relations).toEqual({
      operator: 'OR',
      conditions: [{ label_id: IDS.enterprise }, { label_id: IDS.advanced }],
    });
    expect(c.body.query_metadata.knowledge_bases).toEqual([kb(IDS.docs, [], [IDS.pricing])]);
    expect(c.provenance.labels).toEqual({ kind: 'contact', path: ['contacts', 0, 'labels'] });
  });

  it('work without a tier', () => {
    const c = only(
      `contacts:\n  - { source_id: u1, name: U, inbox: web, knowledge_bases: [{ kb: docs, all: true }] }\n`,
    );
    expect(c.body.query_metadata).toEqual({ knowledge_bases: [kb(IDS.docs, [], [], 'True')] });
    expect(c.tier).toBeUndefined();
    expect(c.tierChain).toEqual([]);
  });

  it('do not leak into the tier or into other contacts', () => {
    const [own, plain] = resolve(`${tiers}contacts:
  - { source_id: u1, name: U, inbox: web, tier: member, knowledge_bases: [{ kb: internal }] }
  - { source_id: u2, name: V, inbox: web, tier: member }
`);
    expect(own?.body.query_metadata.knowledge_bases).toHaveLength(2);
    expect(plain?.body.query_metadata.knowledge_bases).toEqual([kb(IDS.docs, [], [IDS.pricing])]);
  });
});

describe('grants to request fields', () => {
  it('turns nested label expressions into label_relations and a single label into OR [label]', () => {
    const [single, nested] = resolve(`contacts:
  - { source_id: u1, name: U, inbox: web, labels: vip }
  - source_id: u2
    name: V
    inbox: web
    labels: { all: [vip, { any: [enterprise, 'AAAAAAA1-BBBB-CCCC-DDDD-EEEEEEEEEEEE'] }] }
`);
    expect(single?.body.query_metadata).toEqual({
      label_relations: { operator: 'OR', conditions: [{ label_id: IDS.vip }] },
      knowledge_bases: [],
    });
    expect(nested?.body.query_metadata.label_relations).toEqual({
      operator: 'AND',
      conditions: [
        { label_id: IDS.vip },
        { operator: 'OR', conditions: [{ label_id: IDS.enterprise }, { label_id: IDS.advanced }] },
      ],
    });
  });

  it('accepts raw UUIDs (lower-cased) wherever an alias is, and names each id once', () => {
    const c = only(`contacts:
  - source_id: u1
    name: U
    inbox: 8A2B1C3D-4E5F-6789-ABCD-EF0123456789
    knowledge_bases:
      - kb: 123E4567-E89B-12D3-A456-426614174000
        files: [manual, 9F7A9F7B-2B2B-4C4C-9D9D-8E8E8E8E8E8E, spec]
        faqs: [pricing, pricing]
`);
    expect(c.inboxId).toBe(IDS.web);
    expect(c.address).toBe('web/u1');
    expect(c.body.query_metadata.knowledge_bases).toEqual([
      kb(IDS.docs, [IDS.manual, IDS.spec], [IDS.pricing]),
    ]);
  });

  it('writes an explicit deny-all when nothing is granted', () => {
    const [noTier, emptyTier] = resolve(`tiers:
  nothing: { description: no grants }
contacts:
  - { source_id: u1, name: U, inbox: web }
  - { source_id: u2, name: V, inbox: web, tier: nothing }
`);
    expect(noTier?.body.query_metadata).toEqual({ knowledge_bases: [] });
    expect(emptyTier?.body.query_metadata).toEqual({ knowledge_bases: [] });
  });

  it('passes query_metadata through unchanged and unshared', () => {
    const raw = {
      knowledge_bases: [
        { knowledge_base_id: '0e0e0e0e-0000-4000-8000-000000000000', has_user_selected_all: 'True' },
      ],
      custom: { nested: [1, 2] },
    };
    const config = configFromYaml(
      `${HEADER}contacts:\n  - { source_id: u1, name: U, inbox: web, query_metadata: ${JSON.stringify(raw)} }\n`,
    );
    const [c] = resolveContacts(config.value);
    expect(c?.body.query_metadata).toEqual(raw);
    expect(c?.provenance).toEqual({
      knowledgeBases: [],
      raw: { kind: 'contact', path: ['contacts', 0, 'query_metadata'] },
    });
    expect(c?.body.query_metadata).not.toBe(config.value.contacts?.[0]?.query_metadata);
  });

  it('sends the inbox as inboxes: [{id}] when api.inbox_field is inboxes, and as inbox otherwise', () => {
    const yaml = `contacts:\n  - { source_id: u1, name: U, inbox: app }\n`;
    const list = only(`api: { inbox_field: inboxes }\n${yaml}`);
    expect(list.body).toEqual({
      name: 'U',
      source_id: 'u1',
      inboxes: [{ id: IDS.app }],
      query_metadata: { knowledge_bases: [] },
    });
    expect(list.body).not.toHaveProperty('inbox');
    expect(only(yaml).body).toEqual({
      name: 'U',
      source_id: 'u1',
      inbox: IDS.app,
      query_metadata: { knowledge_bases: [] },
    });
  });

  it('addresses by alias and identifies by (inbox UUID, source_id)', () => {
    const c = only(`contacts:\n  - { source_id: a/b, name: U, inbox: app }\n`);
    expect(c.address).toBe('app/a/b');
    expect(c.identity).toBe(`${IDS.app}/a/b`);
  });
});

describe('sharing', () => {
  it('gives every plain contact of a tier the same frozen query_metadata object', () => {
    const resolver = createResolver(
      configFromYaml(`${HEADER}tiers:
  t: { knowledge_bases: [{ kb: docs }] }
contacts:
  - { source_id: u1, name: U, inbox: web, tier: t }
  - { source_id: u2, name: V, inbox: web, tier: t }
`).value,
    );
    const [a, b] = resolver.contacts();
    expect(a?.body.query_metadata).toBe(b?.body.query_metadata);
    expect(a?.body.query_metadata).toBe(resolver.tier('t').queryMetadata);
    expect(Object.isFrozen(a?.body.query_metadata.knowledge_bases?.[0])).toBe(true);
    expect(a?.body).not.toBe(b?.body);
  });
});

describe('provenance locates each grant in its file', () => {
  it('maps tier and contact grants to file:line', () => {
    const config = configFromYaml({
      'tiers.yaml': `tiers:\n  t:\n    knowledge_bases:\n      - { kb: docs }\n`,
      'people.yaml': `${HEADER}contacts:\n  - source_id: u1\n    name: U\n    inbox: web\n    tier: t\n    labels: vip\n`,
    });
    const [c] = resolveContacts(config.value);
    const kbAt = config.locate(c?.provenance.knowledgeBases[0]?.source.path ?? []);
    const labelAt = config.locate(c?.provenance.labels?.path ?? []);
    expect(kbAt).toMatchObject({ file: 'tiers.yaml', line: 4 });
    expect(labelAt).toMatchObject({ file: 'people.yaml', line: HEADER.split('\n').length + 5 });
  });
});

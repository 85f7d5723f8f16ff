import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bodyDiffLines,
  createBodyPrinter,
  describeLabels,
  plainBodyDiffLines,
} from '../../src/report/plan/render-body.js';
import { NO_NAMES, namesFromConfig } from '../../src/report/plan/names.js';
import { resolveContacts } from '../../src/resolve/resolve-contacts.js';
import { configFromYaml, exampleConfig } from '../helpers/config.js';

describe('the body printer', () => {
  const contacts = resolveContacts(exampleConfig().value);

  it('prints exactly JSON.stringify(body, null, 2), whatever the body', () => {
    const printer = createBodyPrinter(NO_NAMES);
    const odd = { name: 'n', source_id: 's', inboxes: [{ id: 'x' }], query_metadata: {} };
    for (const body of [...contacts.map((c) => c.body), odd as never]) {
      expect(printer.text(body)).toBe(JSON.stringify(body, null, 2));
    }
  });

  it('notes what each id is, after the comma, and decorates every line', () => {
    const config = exampleConfig();
    const printer = createBodyPrinter(namesFromConfig(config.value), (l) => `> ${l}`);
    const lines = printer.lines(contacts[0]?.body as never);
    expect(lines).toContain('>   "inbox": "8a2b1c3d-4e5f-6789-abcd-ef0123456789",  # inbox web-chat');
    expect(lines).toContain('>           "label_id": "11111111-2222-3333-4444-555555555555"  # label vip');
    expect(lines.every((l) => l.startsWith('> '))).toBe(true);
  });

  it('keeps a name that looks like a note intact', () => {
    const [c] = resolveContacts(
      configFromYaml(`inboxes: { web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789 }
contacts: [{ source_id: s, name: "a  # b", inbox: web }]
`).value,
    );
    expect(createBodyPrinter(NO_NAMES).lines(c?.body as never)[1]).toBe('  "name": "a  # b",');
  });
});

describe('describeLabels', () => {
  it('writes label_relations in words, nested groups in parentheses', () => {
    const names = namesFromConfig(exampleConfig().value);
    const [c] = resolveContacts(exampleConfig().value);
    expect(describeLabels(c?.body.query_metadata.label_relations, names)).toBe(
      'vip or (enterprise and advanced)',
    );
  });
});

describe('body diffs of tier moves', () => {
  const config = exampleConfig();
  const names = namesFromConfig(config.value);
  const metadatas = resolveContacts(config.value).map((c) => c.body.query_metadata);
  const text = fc.oneof(
    fc.string(),
    fc.constantFrom('Member "quoted"', 'back\\slash', '名前', '\u0000x:name', 'a\nb', ''),
  );
  const body = fc.record(
    {
      name: text,
      avatar: fc.oneof(fc.constant(undefined), fc.constant(''), text),
      source_id: text,
      inbox: fc.constantFrom('8a2b1c3d-4e5f-6789-abcd-ef0123456789', 'AAAAAAAA-4e5f-6789-abcd-ef0123456789'),
      query_metadata: fc.constantFrom(...metadatas),
    },
    { requiredKeys: ['query_metadata'] },
  );

  it('are the same lines whether the pair of metadata objects was diffed before or not', () => {
    fc.assert(
      fc.property(body, body, fc.boolean(), fc.integer({ min: 0, max: 4 }), (a, b, sameRest, context) => {
        const after = sameRest ? { ...a, query_metadata: b.query_metadata } : b;
        const want = plainBodyDiffLines(a, after, names, context);
        // Twice: the first call may fill the cache, the second reads it.
        expect(bodyDiffLines(a as never, after as never, names, context)).toEqual(want);
        expect(bodyDiffLines(a as never, after as never, names, context)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('put each contact back into a shared diff: two contacts, one pair of tiers, their own lines', () => {
    const [from, to] = metadatas;
    const one = {
      name: 'One',
      source_id: 's1',
      inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789',
      query_metadata: from,
    };
    const two = { ...one, name: 'Two', source_id: 's2' };
    const diffOne = bodyDiffLines(one, { ...one, query_metadata: to }, names);
    const diffTwo = bodyDiffLines(two, { ...two, query_metadata: to }, names);
    expect(diffOne.join('\n')).not.toContain('Two');
    expect(diffTwo).toEqual(plainBodyDiffLines(two as never, { ...two, query_metadata: to }, names));
  });
});

import { describe, expect, it } from 'vitest';
import { createBodyPrinter, describeLabels } from '../../src/report/plan/render-body.js';
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

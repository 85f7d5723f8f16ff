import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyExample, cliInProcess, exampleDir } from '../helpers/cli.js';

describe('mai-contacts explain', () => {
  it('prints the effective grants with the tier and file:line each came from, and the body', async () => {
    const result = await cliInProcess(['explain', 'web-chat/user_123456'], exampleDir());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  tier       vip (extends visitor)');
    expect(result.stdout).toContain(
      '  knowledge base product-docs: files: manual; FAQs: pricing; everything: no\n      from tier vip at contacts.yaml:42:9',
    );
    expect(result.stdout).toContain(
      '  labels: vip or (enterprise and advanced)\n      from tier vip at contacts.yaml:40:13',
    );
    expect(result.stdout).toContain('"source_id": "user_123456"');
    expect(result.stdout).toContain(
      "Reach (what its conversations can draw on):\n  product-docs\n    files: manual, only where the file's labels satisfy { any: [vip, { all: [enterprise, advanced] }] }\n    FAQs: pricing",
    );
  });

  it('points at contact-level grants and says when nothing is granted', async () => {
    const dir = exampleDir();
    writeFileSync(
      join(dir, 'extra.yaml'),
      `contacts:
  - source_id: special
    name: Special
    inbox: web-chat
    tier: visitor
    knowledge_bases:
      - { kb: product-docs, all: true }
  - { source_id: nobody, name: Nobody, inbox: web-chat }
`,
    );
    const special = await cliInProcess(['-c', '.', 'explain', 'web-chat/special'], dir);
    expect(special.stdout).toContain('everything: yes\n      from the contact itself at extra.yaml:7:9');
    const nobody = await cliInProcess(['-c', '.', 'explain', 'web-chat/nobody'], dir);
    expect(nobody.stdout).toContain('none: query_metadata is the explicit deny-all {"knowledge_bases": []}');
  });

  it('tells how the contact stands in state', async () => {
    const dir = exampleDir();
    expect((await cliInProcess(['explain', 'web-chat/user_123456'], dir)).stdout).not.toContain('State:');
    await applyExample(dir, (a) => a === 'web-chat/user_123456');
    expect((await cliInProcess(['explain', 'web-chat/user_123456'], dir)).stdout).toContain(
      'State: contact id-user_123456, tier vip, last applied 2026-01-02T00:00:00.000Z; in sync with the config',
    );
    expect((await cliInProcess(['explain', 'web-chat/user_234567'], dir)).stdout).toContain(
      'State: not applied yet',
    );
  });

  it('prints JSON with locations relative to the working directory', async () => {
    const result = await cliInProcess(['explain', 'web-chat/user_123456', '--format', 'json'], exampleDir());
    const value = JSON.parse(result.stdout) as {
      grants: { grant: string; from: { tier: string; location: { file: string; line: number } } }[];
    };
    expect(
      value.grants.map((g) => [g.grant, g.from.tier, g.from.location.file, g.from.location.line]),
    ).toEqual([
      ['knowledge_base', 'vip', 'contacts.yaml', 42],
      ['labels', 'vip', 'contacts.yaml', 40],
    ]);
  });

  it('fails on an unknown address', async () => {
    const result = await cliInProcess(['explain', 'web-chat/ghost'], exampleDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no contact web-chat/ghost in the config');
  });
});

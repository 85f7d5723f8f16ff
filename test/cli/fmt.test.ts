import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess, exampleDir, runCli } from '../helpers/cli.js';

const MESSY = `# yaml-language-server: $schema=./schemas/contacts.schema.json

contacts:   # the people
    -   tier: vip   # their tier
        name: "Wang [x]"
        source_id: u1
        inbox: web-chat
        knowledge_bases:
            - {faqs: [ pricing ], kb: product-docs}   # a grant
tiers:
    vip:
        knowledge_bases: []
        # why VIPs exist
        description: VIP
version: 1
inboxes:
    web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789   # the shop
`;

const FORMATTED = `# yaml-language-server: $schema=./schemas/contacts.schema.json

version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789 # the shop
tiers:
  vip:
    # why VIPs exist
    description: VIP
    knowledge_bases: []
contacts: # the people
  - source_id: u1
    name: "Wang [x]"
    inbox: web-chat
    tier: vip # their tier
    knowledge_bases:
      - { kb: product-docs, faqs: [pricing] } # a grant
`;

/** In the test process, and the exit code CI and pre-commit read (--check) through the built binary. */
describe('mai-contacts fmt', () => {
  it('rewrites in canonical order and indentation, keeping every comment', async () => {
    const dir = exampleDir();
    const path = join(dir, 'messy.yaml');
    writeFileSync(path, MESSY);
    const result = await cliInProcess(['fmt', 'messy.yaml'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('formatted messy.yaml');
    expect(readFileSync(path, 'utf8')).toBe(FORMATTED);
  });

  it('is idempotent', async () => {
    const dir = exampleDir();
    writeFileSync(join(dir, 'messy.yaml'), MESSY);
    await cliInProcess(['fmt', 'messy.yaml'], dir);
    const again = await cliInProcess(['fmt', '--check', 'messy.yaml'], dir);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'messy.yaml'), 'utf8')).toBe(FORMATTED);
  });

  it('leaves the repository example as it is', async () => {
    const dir = exampleDir();
    const before = readFileSync(join(dir, 'contacts.yaml'), 'utf8');
    const result = await cliInProcess(['fmt'], dir);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'contacts.yaml'), 'utf8')).toBe(before);
  });

  it('with --check changes nothing, lists the files that would change and exits 1', () => {
    const dir = exampleDir();
    writeFileSync(join(dir, 'messy.yaml'), MESSY);
    const result = runCli(['fmt', '--check', '.'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe('would reformat messy.yaml');
    expect(readFileSync(join(dir, 'messy.yaml'), 'utf8')).toBe(MESSY);
  });

  it('refuses a file that is not valid YAML, naming it, and writes nothing', async () => {
    const dir = exampleDir();
    writeFileSync(join(dir, 'broken.yaml'), 'a: [1, 2\nb: c: d\n');
    const result = await cliInProcess(['fmt', 'broken.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.yaml:\d+:\d+ error yaml-syntax/);
    expect(readFileSync(join(dir, 'broken.yaml'), 'utf8')).toBe('a: [1, 2\nb: c: d\n');
  });
});

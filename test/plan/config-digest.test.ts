/** The config digest: sha256 of JSON.stringify(config), hashed in pieces; computed only when read. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateConfig } from '../../bench/generate-config.js';
import type { ContactsConfig } from '../../src/config/contacts-config.generated.js';
import { parseYamlText } from '../../src/config/parse-yaml.js';
import { digestConfig } from '../../src/plan/config-digest.js';
import { makePlan } from '../../src/plan/make-plan.js';

const whole = (value: unknown): string =>
  `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;

function generated(contacts: number): ContactsConfig {
  const value = parseYamlText('contacts.yaml', generateConfig(contacts)).file?.value;
  if (!value) throw new Error('the generated config did not parse');
  return value;
}

describe('digestConfig', () => {
  it.each([0, 1, 999, 1000, 1001, 2500])('is sha256 of JSON.stringify(config) (%i contacts)', (n) => {
    const config = generated(Math.max(n, 1));
    if (n === 0) config.contacts = [];
    expect(config.contacts?.length).toBe(n);
    expect(digestConfig(config)).toBe(whole(config));
  });

  it('leaves out what JSON leaves out, in the same key order', () => {
    const config = {
      version: 1,
      description: undefined,
      contacts: Array.from({ length: 1500 }, (_, i) => ({ source_id: `u${i}`, name: undefined })),
      tiers: {},
    } as unknown as ContactsConfig;
    expect(digestConfig(config)).toBe(whole(config));
  });

  it('is in the JSON plan, in its place, though computed only when read', () => {
    const config = generated(1200);
    const { plan } = makePlan({ config, state: null });
    const json = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
    expect(json['config_digest']).toBe(whole(config));
    expect(Object.keys(json).slice(0, 4)).toEqual([
      'format_version',
      'tool_version',
      'config_digest',
      'state',
    ]);
    expect({ ...plan }.config_digest).toBe(whole(config));
  });
});

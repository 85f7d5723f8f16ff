/**
 * The comparison in contacts-fast-path.test.ts is only worth something if `contactsList: false` really
 * reads without the list reader, and the default really reads with it. The reader is watched, not
 * replaced (a module spy, so this file runs in a process of its own: vitest.config.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { generateConfig } from '../../bench/generate-config.js';
import { readContactsList } from '../../src/config/contacts-fast-path.js';
import { DEFAULT_LIMITS, parseYamlText } from '../../src/config/parse-yaml.js';

vi.mock('../../src/config/contacts-fast-path.js', { spy: true });

describe('parseYamlText and the contacts list reader', () => {
  it('uses the reader by default and not with `contactsList: false`', () => {
    const text = generateConfig(5, { style: 'flow' });
    parseYamlText('c.yaml', text, DEFAULT_LIMITS, { contactsList: false });
    expect(readContactsList).not.toHaveBeenCalled();
    const read = parseYamlText('c.yaml', text);
    const [returned] = vi.mocked(readContactsList).mock.results;
    expect(returned?.type === 'return' && returned.value?.contacts).toHaveLength(5);
    // What the reader read is what the file holds.
    expect((read.file?.value as { contacts: unknown }).contacts).toBe(
      returned?.type === 'return' ? returned.value?.contacts : undefined,
    );
  });
});

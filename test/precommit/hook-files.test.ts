/** Which staged files start the validate hook: YAML config files and rosters (CSV, JSON Lines). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const hooks = parse(readFileSync(join(import.meta.dirname, '../../.pre-commit-hooks.yaml'), 'utf8')) as {
  id: string;
  files: string;
}[];

describe('pre-commit hook file patterns', () => {
  it('mai-contacts-validate runs on config files and on roster files', () => {
    const validate = hooks.find((h) => h.id === 'mai-contacts-validate');
    const pattern = new RegExp(validate!.files);
    for (const file of ['contacts.yaml', 'contacts/tiers.yml', 'members.csv', 'data/line-members.jsonl'])
      expect(pattern.test(file), file).toBe(true);
    for (const file of ['README.md', 'members.csv.bak', 'notes.txt'])
      expect(pattern.test(file), file).toBe(false);
  });
});

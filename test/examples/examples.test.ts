import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/config.js';

describe('examples/github-actions', () => {
  const workflow = parse(readFileSync(`${REPO_ROOT}examples/github-actions/mai-contacts.yml`, 'utf8')) as {
    jobs: Record<string, { steps: { run?: string }[] }>;
  };

  it('plans with flags plan really has', () => {
    const runs = workflow.jobs['plan']?.steps.map((s) => s.run ?? '').join('\n') ?? '';
    const command = /mai-contacts plan ([^\n>]+)/.exec(runs)?.[1] ?? '';
    expect(command).toContain('--format markdown');
    const help = runCli(['plan', '--help'], REPO_ROOT).stdout;
    for (const flag of command.match(/--[a-z-]+/g) ?? []) expect(help).toContain(flag);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(`${REPO_ROOT}.pre-commit-hooks.yaml`, 'utf8')) as {
    id: string;
    entry: string;
    files: string;
  }[];
  const fmt = hooks.find((h) => h.id === 'mai-contacts-fmt');

  it('runs mai-contacts fmt on contacts config files', () => {
    expect(fmt?.entry).toBe('mai-contacts fmt');
    const files = new RegExp(fmt?.files ?? '$^');
    for (const path of [
      'contacts.yaml',
      'config/contacts.yml',
      'contacts/tiers.yaml',
      'contacts.prod.yaml',
    ]) {
      expect(path).toMatch(files);
    }
    for (const path of ['.pre-commit-hooks.yaml', 'other.yaml', 'contacts.json'])
      expect(path).not.toMatch(files);
  });
});

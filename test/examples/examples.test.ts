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

  const text = readFileSync(`${REPO_ROOT}examples/github-actions/mai-contacts.yml`, 'utf8');
  const runsOf = (job: string) => workflow.jobs[job]?.steps.map((s) => s.run ?? '').join('\n') ?? '';

  it('keeps the state in PostgreSQL: nothing committed, no write access to the repository', () => {
    const full = workflow as unknown as {
      env: Record<string, string>;
      jobs: Record<string, { permissions: Record<string, string> }>;
    };
    expect(full.env['MAI_CONTACTS_STATE']).toBe('${{ secrets.MAI_CONTACTS_STATE }}');
    expect(full.env['PGPASSWORD']).toBe('${{ secrets.PGPASSWORD }}');
    expect(text).not.toMatch(/contacts\.state\.json|git (add|commit|push)/);
    for (const job of Object.values(full.jobs)) expect(job.permissions['contents']).toBe('read');
    const apply = /mai-contacts apply ([^\n]+)/.exec(runsOf('apply'))?.[1] ?? '';
    const help = runCli(['apply', '--help'], REPO_ROOT).stdout + runCli(['--help'], REPO_ROOT).stdout;
    for (const flag of apply.match(/--[a-z-]+/g) ?? []) expect(help).toContain(flag);
  });

  it('keeps one sticky comment found by a hidden marker, and writes the plan to the job summary', () => {
    const runs = runsOf('plan');
    expect(runs).toContain("marker='<!-- mai-contacts-plan -->'");
    expect(runs).toContain('{ echo "$marker"; cat plan.md; } > comment.md');
    expect(runs).toContain('select(.body | startswith(\\"$marker\\"))');
    expect(runs).toMatch(/--method PATCH .*issues\/comments\/\$id/);
    expect(runs).toContain('cat plan.md >> "$GITHUB_STEP_SUMMARY"');
  });

  it('checks drift on a schedule: exit 2 opens or updates one issue, exit 0 closes it', () => {
    expect((workflow as unknown as { on: { schedule: unknown[] } }).on.schedule).toHaveLength(1);
    const runs = runsOf('drift');
    expect(runs).toMatch(/mai-contacts plan [^\n]*--detailed-exitcode/);
    const branch = (code: string) => new RegExp(`\\n\\s*${code}\\)([\\s\\S]*?);;`).exec(runs)?.[1] ?? '';
    expect(branch('2')).toContain('gh issue edit "$number"');
    expect(branch('2')).toContain('gh issue create');
    expect(branch('0')).toContain('gh issue close "$number"');
    expect(runs).toContain("marker='<!-- mai-contacts-drift -->'");
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

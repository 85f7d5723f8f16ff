import { existsSync } from 'node:fs';
/**
 * Contract tests of `mai-contacts test` (and of validate on policies), NO_COLOR=1: the exact output
 * of the built binary once, the rest in the test process (runInProcess).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(ROOT, 'contacts.yaml');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/mai-contacts.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function edited(replace: [string, string][]): Promise<string> {
  let text = await readFile(EXAMPLE, 'utf8');
  for (const [from, to] of replace) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  const dir = await mkdtemp(join(tmpdir(), 'mai-contacts-test-cmd-'));
  const path = join(dir, 'contacts.yaml');
  await writeFile(path, text);
  return path;
}

describe('mai-contacts test', () => {
  it('passes over the worked example: one line per test and a summary, exit 0', () => {
    const r = cli('test', '-c', EXAMPLE);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        '✓ visitors read the pricing FAQ',
        '✓ visitors cannot read the shipping FAQ',
        '✓ visitors cannot read the manual, whatever its labels',
        '✓ members read the manual',
        '✓ members read the shipping FAQ',
        '✓ the VIP reads the manual when it is labelled vip',
        '✓ the VIP reads the manual labelled enterprise and advanced',
        '✓ enterprise alone does not open the manual to the VIP',
        '✓ the anonymous visitor cannot read the spec sheet',
        '9 passed, 0 failed',
        '',
      ].join('\n'),
    );
  });

  it.each(['membership-tiers.yaml', 'departments.yaml', 'product-tags.yaml'])(
    'passes over the %s scenario',
    async (file) => {
      const r = await runInProcess(['test', '-c', join(ROOT, 'test/fixtures/permissions', file)]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
    },
  );

  it('fails when one assertion is flipped, naming that test and the rule that decided', async () => {
    const path = await edited([
      ['    cannot: { kb: product-docs, faq: shipping }', '    can: { kb: product-docs, faq: shipping }'],
    ]);
    const r = await runInProcess(['test', '-c', path]);
    expect(r.status).toBe(1);
    const failed = r.stdout.split('\n').filter((l) => l.startsWith('✗'));
    expect(failed).toEqual([
      `✗ visitors cannot read the shipping FAQ — tier visitor cannot reach FAQ shipping of product-docs: ` +
        `faq_ids of product-docs lists pricing, not shipping [faq-not-listed] (${path}:77:5)`,
    ]);
    expect(r.stdout).toContain('\n8 passed, 1 failed\n');
  });

  it('reports results as JSON', async () => {
    const path = await edited([
      ['    can: { kb: product-docs, faq: pricing }', '    cannot: { kb: product-docs, faq: pricing }'],
    ]);
    const r = await runInProcess(['test', '-c', path, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as {
      passed: number;
      failed: number;
      tests: Record<string, unknown>[];
    };
    expect(report).toMatchObject({ passed: 8, failed: 1 });
    expect(report.tests[0]).toMatchObject({
      name: 'visitors read the pricing FAQ',
      subject: 'tier visitor',
      expect: 'cannot',
      passed: false,
      rule: 'faq-listed',
      location: { file: path, line: 74, column: 5 },
    });
  });

  it('refuses an invalid config with its diagnostics, exit 1', async () => {
    const path = await edited([['    tier: visitor\n', '    tier: guest\n']]);
    const r = await runInProcess(['test', '-c', path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/contacts.yaml:\d+:\d+ error unknown-tier: unknown tier "guest"/);
    expect(r.stdout).not.toContain('passed');
  });
});

describe('mai-contacts validate with a violated policy', () => {
  it('fails, naming the policy, the tier and its contacts, and the grant', async () => {
    const path = await edited([
      [
        '    tiers: [visitor]\n    deny: { kb: product-docs, labels: [vip] }',
        '    tiers: [member]\n    deny: { kb: product-docs, labels: [vip] }',
      ],
    ]);
    const r = await runInProcess(['validate', '-c', path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `${path}:36:9 error policy-violation: policy "only VIPs reach VIP-labelled documents" violated: ` +
        `tier member and contact web-chat/user_234567 can reach a file of product-docs with labels [vip]`,
    );
    expect(r.stdout).toContain('[labels-absent]');
    expect(r.stdout).toMatch(/1 error, 0 warnings\n$/);
  });
});

describe('mai-contacts plan with a violated policy', () => {
  it('refuses to plan, naming the policy and the tier, and writes no plan file', async () => {
    const path = await edited([
      [
        '    tiers: [visitor]\n    deny: { kb: product-docs, labels: [vip] }',
        '    tiers: [member]\n    deny: { kb: product-docs, labels: [vip] }',
      ],
    ]);
    const planFile = `${path}.plan.json`;
    const r = await runInProcess(['plan', '-c', path, '--no-refresh', '--out', planFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'policy-violation: policy "only VIPs reach VIP-labelled documents" violated: tier member',
    );
    expect(existsSync(planFile)).toBe(false);
  });
});

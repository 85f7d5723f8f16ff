import { describe, expect, it } from 'vitest';
import { sarifValidator } from '../report/sarif-schema.js';
import { runCli, runInProcess, STACK_LINE } from './run-cli.js';

const BAD = 'test/fixtures/bad/unknown-tier.yaml';

describe('mai-contacts validate', () => {
  it('exits 0 on a valid config and says so', async () => {
    expect(await runCli(['validate', '-c', 'contacts.yaml'])).toEqual({
      status: 0,
      stdout: 'config is valid: no problems found\n',
      stderr: '',
    });
  });

  it('refuses a --max-file-size that is not a whole number, as a usage error', async () => {
    expect(await runCli(['validate', '--max-file-size', 'abc'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Error: --max-file-size takes a whole number of at least 1, not "abc"\n',
    });
  });

  it('reads ./contacts.yaml when no -c is given', async () => {
    expect((await runInProcess(['validate'])).status).toBe(0);
  });

  it('exits 1 on an invalid config, naming file:line:col, with a code frame and a hint', async () => {
    expect(await runInProcess(['validate', '-c', BAD])).toEqual({
      status: 1,
      stdout: [
        `${BAD}:17:11 error unknown-tier: unknown tier "vipp"`,
        '  17 |     tier: vipp',
        '     |           ^^^^',
        '  hint: did you mean "vip"?',
        '',
        '1 error, 0 warnings',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('--format json', async () => {
    const { status, stdout } = await runInProcess(['validate', '-c', BAD, '--format', 'json']);
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({
      format_version: '1',
      valid: false,
      errors: 1,
      warnings: 0,
      diagnostics: [{ rule: 'unknown-tier', location: { file: BAD, line: 17, column: 11 } }],
    });
  });

  it('--format sarif writes a valid SARIF 2.1.0 log', async () => {
    const { status, stdout } = await runInProcess([
      'validate',
      '-c',
      'test/fixtures/bad/duplicate-address.yaml',
      '--format',
      'sarif',
    ]);
    expect(status).toBe(1);
    const validate = sarifValidator();
    const log = JSON.parse(stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(['duplicate-address']);
  });

  it('--format github prints workflow annotations', async () => {
    const { status, stdout } = await runInProcess(['validate', '-c', BAD, '--format', 'github']);
    expect(status).toBe(1);
    expect(stdout.split('\n')[0]).toBe(
      `::error file=${BAD},line=17,col=11,endLine=17,endColumn=15,title=mai-contacts unknown-tier::unknown tier "vipp"%0Ahint: did you mean "vip"?`,
    );
  });

  it('warnings fail only with --strict', async () => {
    const args = ['validate', '-c', 'test/fixtures/bad/unused-tier.yaml'];
    const lenient = await runInProcess(args);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain('warning unused-tier: tier "partner" is never used');
    expect((await runInProcess([...args, '--strict'])).status).toBe(1);
  });

  it('merges several -c paths, files and directories', async () => {
    const ok = await runInProcess([
      'validate',
      '-c',
      'test/fixtures/bad/duplicate-definition/a.yaml',
      '-c',
      'contacts.yaml',
    ]);
    expect(ok.stdout).toContain('duplicate-definition');
    const dir = await runInProcess(['validate', '-c', 'test/fixtures/bad/duplicate-definition']);
    expect(dir.status).toBe(1);
    expect(dir.stdout).toContain(
      'test/fixtures/bad/duplicate-definition/b.yaml:3:3 error duplicate-definition: tiers.visitor is defined twice: here and at test/fixtures/bad/duplicate-definition/a.yaml:5:3',
    );
  });

  it('refuses an alias bomb with the rule id, without a stack trace', async () => {
    const { status, stdout, stderr } = await runCli(['validate', '-c', 'test/fixtures/bad/alias-bomb.yaml']);
    expect(status).toBe(1);
    expect(stdout).toContain('test/fixtures/bad/alias-bomb.yaml:8:');
    expect(stdout).toContain('yaml-alias-limit');
    expect(stderr).toBe('');
  });

  it('refuses a file over --max-file-size', async () => {
    const { status, stdout } = await runInProcess([
      'validate',
      '-c',
      'contacts.yaml',
      '--max-file-size',
      '100',
    ]);
    expect(status).toBe(1);
    expect(stdout).toMatch(
      /^contacts\.yaml:1:1 error file-too-large: file is \d+ bytes, over the limit of 100$/m,
    );
  });

  it('names a missing config file', async () => {
    const { status, stdout, stderr } = await runInProcess(['validate', '-c', 'no/such/contacts.yaml']);
    expect(status).toBe(1);
    expect(stdout).toContain('error config-not-found: config file no/such/contacts.yaml does not exist');
    expect(stderr).toBe('');
  });

  it('rejects an unknown format with exit 1 and no stack trace', async () => {
    const { status, stderr } = await runCli(['validate', '--format', 'xml']);
    expect(status).toBe(1);
    expect(stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json, sarif, github.");
    expect(stderr).not.toMatch(STACK_LINE);
  });
});

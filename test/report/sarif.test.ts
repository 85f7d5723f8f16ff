import { describe, expect, it } from 'vitest';
import { RULE_CATALOG } from '../../src/validate/rule-catalog.js';
import { formatSarif } from '../../src/report/diagnostics/sarif.js';
import { CWD, DIAGNOSTICS } from './fixtures.js';
import { sarifValidator } from './sarif-schema.js';

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations?: {
        physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: unknown };
      }[];
    }[];
  }[];
}

describe('sarif reporter', () => {
  const validate = sarifValidator();

  it('writes a log that validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(formatSarif(DIAGNOSTICS, { color: false, cwd: CWD })) as unknown;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const empty = JSON.parse(formatSarif([], { color: false, cwd: CWD })) as unknown;
    expect(validate(empty), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema is strict enough to catch a broken log', () => {
    const log = JSON.parse(formatSarif(DIAGNOSTICS, { color: false, cwd: CWD })) as SarifLog;
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('describes every rule and points each result at its rule, file and region', () => {
    const log = JSON.parse(formatSarif(DIAGNOSTICS, { color: false, cwd: CWD })) as SarifLog;
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('mai-contacts');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULE_CATALOG.map((r) => r.id));
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['unknown-tier', 'error'],
      ['secret-like-field', 'error'],
      ['unused-tier', 'warning'],
      ['config-not-found', 'error'],
    ]);
    expect(run.results[0]?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'contacts.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7, startColumn: 11, endLine: 7, endColumn: 15 },
    });
    expect(run.results[2]?.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe(
      'config%20dir/tiers.yaml',
    );
    expect(run.results[3]?.locations).toBeUndefined();
  });
});

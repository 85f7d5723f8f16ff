import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/report/diagnostics/json.js';
import { CWD, DIAGNOSTICS } from './fixtures.js';

describe('json reporter', () => {
  it('writes a versioned document with counts and relative paths', () => {
    const doc = JSON.parse(formatJson(DIAGNOSTICS, { color: false, cwd: CWD })) as Record<string, unknown>;
    expect(doc).toMatchObject({ format_version: '1', valid: false, errors: 3, warnings: 1 });
    expect(doc['diagnostics']).toEqual([
      expect.objectContaining({
        rule: 'unknown-tier',
        location: expect.objectContaining({ file: 'contacts.yaml', line: 7 }) as unknown,
      }),
      expect.objectContaining({ rule: 'secret-like-field' }),
      expect.objectContaining({
        rule: 'unused-tier',
        location: expect.objectContaining({ file: 'config dir/tiers.yaml' }) as unknown,
      }),
      {
        rule: 'config-not-found',
        severity: 'error',
        message: 'config file /elsewhere/x.yaml does not exist',
      },
    ]);
  });

  it('is valid with only warnings', () => {
    const doc = JSON.parse(formatJson([DIAGNOSTICS[2]!], { color: false, cwd: CWD })) as Record<
      string,
      unknown
    >;
    expect(doc).toMatchObject({ valid: true, errors: 0, warnings: 1 });
  });
});

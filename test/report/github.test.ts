import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/report/diagnostics/github.js';
import { CWD, DIAGNOSTICS } from './fixtures.js';

describe('github reporter', () => {
  it('prints one workflow annotation per problem, escaped, then a count', () => {
    expect(formatGithub(DIAGNOSTICS, { color: false, cwd: CWD }).split('\n')).toEqual([
      '::error file=contacts.yaml,line=7,col=11,endLine=7,endColumn=15,title=mai-contacts unknown-tier::unknown tier "vipp"%0Ahint: did you mean "vip"?',
      '::error file=contacts.yaml,line=8,col=5,endLine=8,endColumn=12,title=mai-contacts secret-like-field::"api_key" looks like a secret%0Ahint: remove it',
      '::warning file=config dir/tiers.yaml,line=3,col=3,endLine=3,endColumn=6,title=mai-contacts unused-tier::tier "vip" is never used, 100%25: really%0Ahint: remove it',
      '::error title=mai-contacts config-not-found::config file /elsewhere/x.yaml does not exist',
      '3 errors, 1 warning',
    ]);
  });

  it('escapes commas and colons in properties', () => {
    const [line] = formatGithub(
      [
        {
          rule: 'r',
          severity: 'error',
          message: 'm',
          location: { file: '/repo/a,b:c.yaml', line: 1, column: 1 },
        },
      ],
      { color: false, cwd: CWD },
    ).split('\n');
    expect(line).toBe('::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=mai-contacts r::m');
  });
});

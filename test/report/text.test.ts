import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/diagnostics/text.js';
import { maskSecrets } from '../../src/util/secret-text.js';
import { CWD, DIAGNOSTICS, SOURCES } from './fixtures.js';

describe('text reporter', () => {
  it('prints location, severity, rule, message, a code frame and the hint', () => {
    const text = formatText(DIAGNOSTICS, { color: false, cwd: CWD, sources: SOURCES });
    expect(text).toBe(
      [
        'contacts.yaml:7:11 error unknown-tier: unknown tier "vipp"',
        '  7 |     tier: vipp',
        '    |           ^^^^',
        '  hint: did you mean "vip"?',
        '',
        'contacts.yaml:8:5 error secret-like-field: "api_key" looks like a secret',
        '  hint: remove it',
        '',
        'config dir/tiers.yaml:3:3 warning unused-tier: tier "vip" is never used, 100%: really',
        '  hint: remove it',
        '',
        'error config-not-found: config file /elsewhere/x.yaml does not exist',
        '',
        '3 errors, 1 warning',
      ].join('\n'),
    );
  });

  it('never shows a secret in a code frame', () => {
    const text = formatText(
      [{ ...DIAGNOSTICS[0]!, location: { file: '/repo/contacts.yaml', line: 8, column: 5 } }],
      {
        color: false,
        cwd: CWD,
        sources: SOURCES,
      },
    );
    expect(text).not.toContain('sk-0123456789');
    expect(text).toContain('api_key: ***');
    expect(maskSecrets('  - { token: abc, name: x }')).toBe('  - { token: ***, name: x }');
    expect(maskSecrets('header: Bearer 0123456789abcdefgh')).toBe('header: Bearer ***');
    expect(maskSecrets('  name: Anonymous')).toBe('  name: Anonymous');
  });

  it('colours only when asked', () => {
    const plain = formatText(DIAGNOSTICS, { color: false, cwd: CWD });
    const coloured = formatText(DIAGNOSTICS, { color: true, cwd: CWD });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '')).toBe(plain);
  });

  it('says so when there is nothing to report', () => {
    expect(formatText([], { color: false, cwd: CWD })).toBe('config is valid: no problems found');
  });
});

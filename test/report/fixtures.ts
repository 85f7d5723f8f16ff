import type { Diagnostic } from '../../src/config/diagnostic.js';

export const CWD = '/repo';

export const SOURCE = `version: 1
tiers:
  vip: { extends: visitor }
contacts:
  - source_id: u1
    name: One
    tier: vipp
    api_key: sk-0123456789
`;

export const DIAGNOSTICS: Diagnostic[] = [
  {
    rule: 'unknown-tier',
    severity: 'error',
    message: 'unknown tier "vipp"',
    hint: 'did you mean "vip"?',
    location: { file: '/repo/contacts.yaml', line: 7, column: 11, endLine: 7, endColumn: 15 },
  },
  {
    rule: 'secret-like-field',
    severity: 'error',
    message: '"api_key" looks like a secret',
    hint: 'remove it',
    location: { file: '/repo/contacts.yaml', line: 8, column: 5, endLine: 8, endColumn: 12 },
  },
  {
    rule: 'unused-tier',
    severity: 'warning',
    message: 'tier "vip" is never used, 100%: really',
    hint: 'remove it',
    location: { file: '/repo/config dir/tiers.yaml', line: 3, column: 3, endLine: 3, endColumn: 6 },
  },
  { rule: 'config-not-found', severity: 'error', message: 'config file /elsewhere/x.yaml does not exist' },
];

export const SOURCES = new Map([['/repo/contacts.yaml', SOURCE]]);

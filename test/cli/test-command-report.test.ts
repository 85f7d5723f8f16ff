import { describe, expect, it } from 'vitest';
import { TEST_REPORTERS } from '../../src/report/permission-tests/index.js';

const RESULTS = [
  { name: 'ok', subject: 'tier a', expect: 'can' as const, passed: true, reason: 'r1', path: ['tests', 0] },
  {
    name: 'bad',
    subject: 'tier a',
    expect: 'cannot' as const,
    passed: false,
    reason: 'tier a can reach x [faq-listed]',
    rule: 'faq-listed' as const,
    path: ['tests', 1, 'cannot'],
    location: { file: 'c.yaml', line: 9, column: 5 },
  },
];

describe('test reporters', () => {
  it('text: plain marks without colour, the reason and place of a failure, and a summary', () => {
    expect(TEST_REPORTERS.text(RESULTS, { color: false })).toBe(
      '✓ ok\n✗ bad — tier a can reach x [faq-listed] (c.yaml:9:5)\n1 passed, 1 failed',
    );
  });

  it('text: green and red marks with colour', () => {
    const text = TEST_REPORTERS.text(RESULTS, { color: true });
    expect(text).toContain('\u001b[32m✓\u001b[0m ok');
    expect(text).toContain('\u001b[31m✗\u001b[0m bad');
  });

  it('text: says so when no test is declared', () => {
    expect(TEST_REPORTERS.text([], { color: false })).toBe(
      'no tests declared (add a `tests:` section)\n0 passed, 0 failed',
    );
  });

  it('json: counts and every result', () => {
    expect(JSON.parse(TEST_REPORTERS.json(RESULTS, { color: false }))).toEqual({
      passed: 1,
      failed: 1,
      tests: RESULTS,
    });
  });
});

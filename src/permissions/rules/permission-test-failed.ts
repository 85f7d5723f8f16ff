import type { Rule } from '../../config/rules/rule.js';
import { runPermissionTests } from '../run-permission-tests.js';

export const permissionTestFailed: Rule = {
  id: 'permission-test-failed',
  severity: 'error',
  needsSoundConfig: true,
  description:
    'A `tests:` assertion does not hold: the tier or contact can reach content it must not, or cannot reach content it must.',
  check({ value, report }) {
    for (const result of runPermissionTests(value)) {
      // A test that could not run names an undeclared tier, contact or content: the unknown-* rules say so.
      if (result.passed || result.rule === undefined) continue;
      report({
        message: `test "${result.name}" failed: ${result.reason}`,
        hint:
          result.expect === 'can'
            ? 'grant the content to the subject, or correct the test'
            : 'remove or narrow the grant that admits the content, or correct the test',
        path: result.path,
        part: 'key',
      });
    }
  },
};

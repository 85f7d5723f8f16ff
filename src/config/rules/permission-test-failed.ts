import { runPermissionTests } from '../../permissions/run-permission-tests.js';
import type { Rule } from './rule.js';

export const permissionTestFailed: Rule = {
  id: 'permission-test-failed',
  severity: 'error',
  description:
    'A `tests:` assertion does not hold: the tier or contact can reach content it must not, or cannot reach content it must.',
  check({ value, report }) {
    for (const result of runPermissionTests(value)) {
      if (result.passed) continue;
      const ran = result.rule !== undefined;
      report({
        message: `test "${result.name}" failed: ${result.reason}`,
        hint: !ran
          ? 'fix the test so that it names a declared tier or contact and declared content'
          : result.expect === 'can'
            ? 'grant the content to the subject, or correct the test'
            : 'remove or narrow the grant that admits the content, or correct the test',
        path: result.path,
        part: 'key',
      });
    }
  },
};

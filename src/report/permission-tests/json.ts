import type { TestReporter } from './index.js';

export const formatTestsJson: TestReporter = (results) =>
  JSON.stringify(
    {
      passed: results.filter((r) => r.passed).length,
      failed: results.filter((r) => !r.passed).length,
      tests: results,
    },
    null,
    2,
  );

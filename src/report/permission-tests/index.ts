/** Reporters for `mai-contacts test`: pure `(results, options) => string`, one per format. */
import type { SourceLocation } from '../../config/diagnostic.js';
import type { PermissionTestResult } from '../../permissions/run-permission-tests.js';
import { formatTestsJson } from './json.js';
import { formatTestsText } from './text.js';

export type LocatedTestResult = PermissionTestResult & { location?: SourceLocation };

export interface TestReportOptions {
  color: boolean;
}

export type TestReporter = (results: readonly LocatedTestResult[], options: TestReportOptions) => string;

export const TEST_REPORT_FORMATS = ['text', 'json'] as const;
export type TestReportFormat = (typeof TEST_REPORT_FORMATS)[number];

export const TEST_REPORTERS: Record<TestReportFormat, TestReporter> = {
  text: formatTestsText,
  json: formatTestsJson,
};

export function isTestReportFormat(value: string): value is TestReportFormat {
  return (TEST_REPORT_FORMATS as readonly string[]).includes(value);
}

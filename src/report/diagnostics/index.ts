/** Diagnostic reporters: pure `(diagnostics, options) => string`, one per format. */
import type { Diagnostic } from '../../config/diagnostic.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';

export interface ReportOptions {
  color: boolean;
  cwd: string;
}

export type Reporter = (diagnostics: readonly Diagnostic[], options: ReportOptions) => string;

export const REPORT_FORMATS = ['text', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORTERS: Record<ReportFormat, Reporter> = {
  text: formatText,
  json: formatJson,
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Diagnostic reporters: pure `(diagnostics, options) => string`, one per format. */
import type { Diagnostic } from '../../config/diagnostic.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export interface ReportOptions {
  color: boolean;
  /** File paths are shown relative to this directory. */
  cwd: string;
  /** File texts by path, for code frames. */
  sources?: ReadonlyMap<string, string>;
  /** The text of one line of a file, for code frames (YAML and roster files); preferred to `sources`. */
  sourceLine?: (file: string, line: number) => string | undefined;
  /** Text format: print at most this many problems, then the count of the rest (default 200). */
  limit?: number;
}

export type Reporter = (diagnostics: readonly Diagnostic[], options: ReportOptions) => string;

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORTERS: Record<ReportFormat, Reporter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

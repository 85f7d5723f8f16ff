/** `--format json`: a versioned document, file paths relative to the working directory. */
import { countSummary, displayPath } from './display-path.js';
import type { Reporter } from './index.js';

export const formatJson: Reporter = (diagnostics, options) =>
  JSON.stringify(
    {
      format_version: '1',
      valid: !diagnostics.some((d) => d.severity === 'error'),
      summary: countSummary(diagnostics),
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      diagnostics: diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        ...(d.hint ? { hint: d.hint } : {}),
        ...(d.location
          ? { location: { ...d.location, file: displayPath(d.location.file, options.cwd) } }
          : {}),
      })),
    },
    null,
    2,
  );

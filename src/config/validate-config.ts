/** Semantic step: runs every rule over the merged, schema-valid config and places each finding. */
import { sortDiagnostics, type Diagnostic } from './diagnostic.js';
import type { LoadedConfig } from './load-config.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/rule.js';

export function validateConfig(config: LoadedConfig, rules: readonly Rule[] = RULES): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    rule.check({
      config,
      value: config.value,
      report(finding) {
        const diagnostic: Diagnostic = {
          rule: rule.id,
          severity: finding.severity ?? rule.severity,
          message: finding.message,
          hint: finding.hint,
        };
        const location = config.locate(finding.path, finding.part);
        if (location) diagnostic.location = location;
        diagnostics.push(diagnostic);
      },
    });
  }
  return sortDiagnostics(diagnostics);
}

/** Semantic step: runs every rule over the merged config and places each finding at `file:line:col`. */
import { hasErrors, setLazyLocation, sortDiagnostics, type Diagnostic } from '../config/diagnostic.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Rule } from '../config/rules/rule.js';
import type { Node } from '../config/rules/walk-config.js';
import { isSchemaValid } from '../config/validate-schema.js';
import { RULES } from './rules.js';

export interface ValidateOptions {
  /**
   * The config already failed the schema: a rule that trips over a malformed node is skipped instead
   * of failing the run (the schema errors explain the node). Rules are written to cope anyway.
   */
  tolerant?: boolean;
  /**
   * Sort the findings by file and line (the default). Sorting reads every finding's position; a command
   * that only counts findings passes false and never computes one.
   */
  sorted?: boolean;
}

export function validateConfig(
  config: LoadedConfig,
  rules: readonly Rule[] = RULES,
  options: ValidateOptions = {},
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const root = config.value as unknown as Node;
  // Access rules need a sound config; their own findings do not stop each other.
  const accessRules = new Set(rules.filter((r) => r.needsSoundConfig).map((r) => r.id));
  const unsound = (): boolean =>
    options.tolerant === true ||
    hasErrors(diagnostics.filter((d) => !accessRules.has(d.rule))) ||
    !isSchemaValid(config.value);
  for (const rule of rules) {
    if (rule.needsSoundConfig && unsound()) continue;
    const found: Diagnostic[] = [];
    try {
      rule.check({
        config,
        value: config.value,
        root,
        report(finding) {
          const diagnostic: Diagnostic = {
            rule: rule.id,
            severity: finding.severity ?? rule.severity,
            message: finding.message,
            hint: finding.hint,
          };
          if (finding.also) diagnostic.also = finding.also;
          found.push(setLazyLocation(diagnostic, () => config.locate(finding.path, finding.part)));
        },
      });
    } catch (error) {
      if (!options.tolerant) throw error;
      continue;
    }
    diagnostics.push(...found);
  }
  return options.sorted === false ? diagnostics : sortDiagnostics(diagnostics);
}

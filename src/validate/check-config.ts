/**
 * All of `validate` that needs no network: the loader's and the schema's problems, then every semantic
 * rule, as one sorted list. Semantic rules also run on a schema-invalid config (one run reports every
 * problem); they are skipped only when a file could not be parsed at all, since the merged config is
 * then incomplete and every reference into the missing file would look unknown.
 */
import { hasErrors, sortDiagnostics, type Diagnostic } from '../config/diagnostic.js';
import type { LoadResult } from '../config/load-config.js';
import { LOADER_RULES } from '../config/rule-catalog.js';
import type { Rule } from '../config/rules/rule.js';
import { RULES } from './rules.js';
import { validateConfig } from './validate-config.js';

const INCOMPLETE = new Set(LOADER_RULES.filter((r) => r.id !== 'duplicate-definition').map((r) => r.id));

export function checkConfig(loaded: LoadResult, rules: readonly Rule[] = RULES): Diagnostic[] {
  const { config, diagnostics } = loaded;
  if (!config || diagnostics.some((d) => INCOMPLETE.has(d.rule))) return sortDiagnostics(diagnostics);
  const semantic = validateConfig(config, rules, { tolerant: hasErrors(diagnostics) });
  return sortDiagnostics([...diagnostics, ...semantic]);
}

/** Whether a validation run fails: any error, or with `strict` any warning. */
export function validationFailed(diagnostics: readonly Diagnostic[], strict: boolean): boolean {
  return hasErrors(diagnostics) || (strict && diagnostics.length > 0);
}

/**
 * Every rule id validate can report, with what it means and how to fix it: the loader's, the rosters',
 * the schema's and the semantic rules'. Used for SARIF rule metadata and the README's rules table.
 */
import { LOADER_RULES, SCHEMA_RULES, type RuleInfo } from '../config/rule-catalog.js';
import { ROSTER_RULES } from '../config/sources/roster-rules.js';
import { RULES } from './rules.js';

export const RULE_CATALOG: readonly RuleInfo[] = [
  ...LOADER_RULES,
  ...ROSTER_RULES,
  ...SCHEMA_RULES,
  ...RULES.map((r) => ({
    id: r.id,
    severity: r.severity,
    stage: 'semantic' as const,
    description: r.description,
    fix: r.fix ?? r.description,
  })),
];

export function ruleInfo(id: string): RuleInfo | undefined {
  return RULE_CATALOG.find((r) => r.id === id);
}

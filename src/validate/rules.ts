/**
 * Every semantic rule, in the order they run: the config's own rules, then the access rules
 * (policies, permission tests), which judge what the config grants and need a sound config.
 */
import { CONFIG_RULES } from '../config/rules/index.js';
import type { Rule } from '../config/rules/rule.js';
import { permissionTestFailed } from '../permissions/rules/permission-test-failed.js';
import { policyViolation } from '../permissions/rules/policy-violation.js';

export const RULES: readonly Rule[] = [...CONFIG_RULES, policyViolation, permissionTestFailed];

/** Ids of the rules that judge access (policies, permission tests) rather than the config's soundness. */
export const ACCESS_RULE_IDS: ReadonlySet<string> = new Set(
  RULES.filter((r) => r.needsSoundConfig).map((r) => r.id),
);

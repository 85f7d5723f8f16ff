/** Every semantic rule, in the order they run. */
import type { Rule } from './rule.js';
import { permissionTestFailed } from './permission-test-failed.js';
import { policyViolation } from './policy-violation.js';
import { unknownTier } from './unknown-tier.js';

export const RULES: readonly Rule[] = [unknownTier, policyViolation, permissionTestFailed];

/** Every semantic rule, in the order they run. */
import type { Rule } from './rule.js';
import { unknownTier } from './unknown-tier.js';

export const RULES: readonly Rule[] = [unknownTier];

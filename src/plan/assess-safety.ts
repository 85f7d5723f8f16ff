/**
 * Safety thresholds (PRODUCT.md §4), computed at plan time and carried in the plan: a plan that would
 * update, revoke or delete more than 30 % of at least 10 managed contacts, or downgrade any contact's
 * tier, is refused by apply unless --force.
 */
import { PlanError } from '../errors.js';
import type { Change, Plan, PlanSafety, SafetyReason } from './types.js';

export const MASS_CHANGE_RATIO = 0.3;
export const MASS_CHANGE_MIN_MANAGED = 10;

export interface SafetyOptions {
  /** Contacts under management before this plan (in state, or adopted from live). */
  managed: number;
  isDowngrade?: (from: string, to: string) => boolean;
}

export function assessSafety(changes: readonly Change[], options: SafetyOptions): PlanSafety {
  const reasons: SafetyReason[] = [];
  const touched = changes.filter(
    (c) => c.action === 'update' || c.action === 'revoke' || c.action === 'delete',
  );
  const { managed } = options;
  if (managed >= MASS_CHANGE_MIN_MANAGED && touched.length > managed * MASS_CHANGE_RATIO) {
    const percent = Math.round((touched.length / managed) * 100);
    reasons.push({
      rule: 'mass-change',
      message: `the plan would update, revoke or delete ${touched.length} of ${managed} managed contacts (${percent} %, more than ${MASS_CHANGE_RATIO * 100} %)`,
    });
  }
  if (options.isDowngrade) {
    for (const c of changes) {
      const { before, after } = c.tier;
      if (c.action !== 'update' || before === null || after === null || before === after) continue;
      if (options.isDowngrade(before, after)) {
        reasons.push({
          rule: 'downgrade',
          message: `${c.address} moves from tier ${before} down to ${after}`,
          address: c.address,
          from: before,
          to: after,
        });
      }
    }
  }
  return { requires_force: reasons.length > 0, reasons };
}

/**
 * The default downgrade test: moving to a tier that the old tier extends (directly or further up).
 * `chainOf(name)` is the tier and every tier it extends (ResolvedTier.chain).
 */
export function extendsDowngrade(chainOf: (tier: string) => readonly string[] | undefined) {
  return (from: string, to: string): boolean => {
    const chain = chainOf(from);
    return chain !== undefined && chain.includes(to) && to !== from;
  };
}

/** For apply: throws a PlanError listing the reasons unless the plan is safe or --force was given. */
export function enforceSafety(plan: Plan, options: { force: boolean }): void {
  if (!plan.safety.requires_force || options.force) return;
  const lines = plan.safety.reasons.map((r) => `  - ${r.message}`);
  throw new PlanError(`the plan is unsafe; review it and rerun with --force to accept:\n${lines.join('\n')}`);
}

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
  const { managed, isDowngrade } = options;
  // One pass (a million no-ops cost one look each): the changes that touch a contact, and the tier
  // moves among them that are downgrades.
  let touched = 0;
  const downgrades: SafetyReason[] = [];
  for (const c of changes) {
    const action = c.action;
    if (action !== 'update' && action !== 'revoke' && action !== 'delete') continue;
    touched += 1;
    if (action !== 'update' || !isDowngrade) continue;
    const { before, after } = c.tier;
    if (before === null || after === null || before === after || !isDowngrade(before, after)) continue;
    downgrades.push({
      rule: 'downgrade',
      message: `${c.address} moves from tier ${before} down to ${after}`,
      address: c.address,
      from: before,
      to: after,
    });
  }
  // The mass-change reason first, then the downgrades in the plan's order (a list that may be long).
  const reasons: SafetyReason[] = [];
  if (managed >= MASS_CHANGE_MIN_MANAGED && touched > managed * MASS_CHANGE_RATIO) {
    const percent = Math.round((touched / managed) * 100);
    reasons.push({
      rule: 'mass-change',
      message: `the plan would update, revoke or delete ${touched} of ${managed} managed contacts (${percent} %, more than ${MASS_CHANGE_RATIO * 100} %)`,
    });
  }
  for (const reason of downgrades) reasons.push(reason);
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

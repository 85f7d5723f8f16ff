/**
 * The saved plan (`plan --out FILE`): the JSON plan plus `plan_digest`, sha256 over the compact JSON of
 * the rest of it (whitespace does not count; any edit of a value or of the key order does). Pure: encode
 * and decode only (cli/plan-file-io.ts reads and writes the file). `parsePlanFile` refuses a file that
 * was edited or has another format version; `checkPlanFresh` refuses a plan made against another state
 * lineage or serial ("stale plan").
 */
import { PlanError } from '../errors.js';
import type { StateSnapshot } from '../state/types.js';
import { sha256 } from '../util/sha256.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

export type PlanFile = Plan & { plan_digest: string };

export function digestPlan(plan: Plan): string {
  const { plan_digest: _ignored, ...content } = plan as PlanFile;
  return sha256(JSON.stringify(content));
}

/** The saved plan's text: compact JSON (it is for apply; `plan --format json` is the readable one). */
export function planFileText(plan: Plan): string {
  const { plan_digest: _ignored, ...content } = plan as PlanFile;
  const json = JSON.stringify(content);
  return `${json.slice(0, -1)},"plan_digest":${JSON.stringify(sha256(json))}}\n`;
}

export function parsePlanFile(path: string, text: string): PlanFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanError(`${path} is not a plan file: ${(error as Error).message}`);
  }
  const plan = value as Partial<PlanFile> | null;
  if (plan === null || typeof plan !== 'object' || typeof plan.plan_digest !== 'string') {
    throw new PlanError(`${path} is not a saved plan (no plan_digest); save one with plan --out`);
  }
  if (plan.format_version !== PLAN_FORMAT_VERSION) {
    throw new PlanError(
      `${path} has plan format version ${String(plan.format_version)}; this mai-contacts reads ${PLAN_FORMAT_VERSION}`,
    );
  }
  if (digestPlan(plan as Plan) !== plan.plan_digest) {
    throw new PlanError(`${path} was edited after it was saved (its digest does not match); make a new plan`);
  }
  return plan as PlanFile;
}

/** Throws "stale plan" unless the state is still the one the plan was made against. */
export function checkPlanFresh(plan: Plan, current: StateSnapshot | null): void {
  const then = plan.state;
  if (then === null && current === null) return;
  if (then === null || current === null) {
    throw new PlanError(
      then === null
        ? 'stale plan: it was made before the state existed, and the state has been written since; make a new plan'
        : 'stale plan: it was made against a state that no longer exists; make a new plan',
    );
  }
  if (then.lineage !== current.lineage) {
    throw new PlanError(
      `stale plan: it was made against state lineage ${then.lineage}, not ${current.lineage}`,
    );
  }
  if (then.serial !== current.serial) {
    throw new PlanError(
      `stale plan: the state moved from serial ${then.serial} to ${current.serial} since the plan was made; make a new plan`,
    );
  }
}

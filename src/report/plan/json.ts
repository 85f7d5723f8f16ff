import type { PlanReporter } from './index.js';

/** The JSON plan (schemas/plan.schema.json), as it is. */
export const formatPlanJson: PlanReporter = (plan) => JSON.stringify(plan, null, 2);

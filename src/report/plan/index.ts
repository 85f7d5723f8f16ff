/** Plan reporters: pure `(plan, options) => string`, one per format. */
import type { Plan } from '../../plan/types.js';
import { formatPlanJson } from './json.js';
import { formatPlanMarkdown } from './markdown.js';
import type { Names } from './names.js';
import { formatPlanText } from './text.js';

/** A section other parts of the tool add to the markdown plan (e.g. the access model's findings). */
export interface ExtraSection {
  title: string;
  /** Markdown. */
  body: string;
}

export interface PlanReportOptions {
  color: boolean;
  /** Aliases for ids (namesFromConfig); ids are shown as they are without. */
  names?: Names;
  /** Markdown only: sections placed after the tier summaries, before the per-contact diffs. */
  extraSections?: readonly ExtraSection[];
  /** Markdown only: the hard cap on the comment's length (default MARKDOWN_LIMIT). */
  maxLength?: number;
}

export type PlanReporter = (plan: Plan, options: PlanReportOptions) => string;

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const PLAN_REPORTERS: Record<PlanFormat, PlanReporter> = {
  text: formatPlanText,
  markdown: formatPlanMarkdown,
  json: formatPlanJson,
};

export function isPlanFormat(value: string): value is PlanFormat {
  return (PLAN_FORMATS as readonly string[]).includes(value);
}

/** explain reporters: pure `(explanation, options) => string`, one per format. */
import type { Names as AccessNames } from '../../permissions/names.js';
import type { Reach } from '../../permissions/types.js';
import type { Explanation } from '../../resolve/explain-contact.js';
import type { Names } from '../plan/names.js';
import { formatExplainJson } from './json.js';
import { formatExplainText } from './text.js';

/** How the contact stands in state, when it is there. */
export interface ExplainState {
  contact_id: string;
  tier: string | null;
  updated_at: string;
  /** Fields where the config now differs from the body last applied; empty when in sync. */
  changed_fields: string[];
}

export interface ExplainOptions {
  names: Names;
  cwd: string;
  /** undefined: no state file; null: not in state (not applied yet). */
  state?: ExplainState | null;
  /** What the contact can reach under the access model (src/permissions). */
  reach?: Reach;
  /** Aliases for the reach (the access model's names). */
  reachNames?: AccessNames;
}

export type ExplainReporter = (explanation: Explanation, options: ExplainOptions) => string;

export const EXPLAIN_FORMATS = ['text', 'json'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

export const EXPLAIN_REPORTERS: Record<ExplainFormat, ExplainReporter> = {
  text: formatExplainText,
  json: formatExplainJson,
};

export function isExplainFormat(value: string): value is ExplainFormat {
  return (EXPLAIN_FORMATS as readonly string[]).includes(value);
}

/** The plan: a plain, serialisable value (PRODUCT.md §4, schemas/plan.schema.json). */
import type { ContactBody } from '../resolve/types.js';
import type { StateSnapshot } from '../state/types.js';

export const PLAN_FORMAT_VERSION = '1';

/**
 * What apply will do to one contact. `forget` (on_removal: keep, or a removed contact already gone from
 * MaiAgent) touches nothing in MaiAgent and only drops the state entry.
 */
export const ACTIONS = ['create', 'update', 'revoke', 'delete', 'forget', 'no-op'] as const;
export type Action = (typeof ACTIONS)[number];

export type OnRemoval = 'revoke' | 'delete' | 'keep';

export interface Change {
  /** `<inbox alias>/<source_id>`. */
  address: string;
  action: Action;
  /** MaiAgent's id; null for a create. */
  contact_id: string | null;
  /** Inbox UUID, lower-case. */
  inbox: string;
  source_id: string;
  tier: { before: string | null; after: string | null };
  /** The body now (live when refreshed, else the last applied one from state); null for a create. */
  before: ContactBody | null;
  /** The body apply will send; null for delete and forget. For no-op, the desired body. */
  after: ContactBody | null;
  /** Semantic diff of before -> after (see diffBodies); empty unless update or revoke. */
  changed_fields: string[];
  /** True when the live contact differs from the body last applied (a change made in the MaiAgent UI). */
  drift: boolean;
  /** The fields that drifted (state -> live); empty without drift. */
  drift_fields: string[];
  /** A live contact with this identity that state did not know: apply records it in state. */
  adopted: boolean;
  warnings: string[];
}

export interface PlanSummary {
  create: number;
  update: number;
  revoke: number;
  delete: number;
  forget: number;
  no_op: number;
}

export type SafetyRule = 'mass-change' | 'downgrade';

export interface SafetyReason {
  rule: SafetyRule;
  message: string;
  /** For a downgrade: the contact and its tier move. */
  address?: string;
  from?: string;
  to?: string;
}

export interface PlanSafety {
  /** True when apply must refuse this plan unless --force. */
  requires_force: boolean;
  reasons: SafetyReason[];
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  tool_version: string;
  /** sha256 of the merged config the plan was made from. */
  config_digest: string;
  /** The state the plan was made against; null when there was none yet. */
  state: StateSnapshot | null;
  /** True when live contacts were read (drift and adoption are known). */
  refreshed: boolean;
  on_removal: OnRemoval;
  /** The --target addresses the plan was limited to; null for all. */
  targets: string[] | null;
  summary: PlanSummary;
  /** Sorted by address. */
  changes: Change[];
  safety: PlanSafety;
  /** Structured findings about contacts (e.g. several live copies of one); `error` ones stop apply. */
  findings: PlanFinding[];
  warnings: string[];
}

export type FindingSeverity = 'error' | 'warning';
export type FindingRule = 'duplicate-live-copies';

/** Something the plan found about one contact; an `error` finding makes apply refuse the whole plan. */
export interface PlanFinding {
  severity: FindingSeverity;
  rule: FindingRule;
  address: string;
  message: string;
  /** For `duplicate-live-copies`: every live copy of the contact, in listing order. */
  copies: FindingCopy[];
}

export interface FindingCopy {
  contact_id: string;
  /** As MaiAgent reports it ('' when it does not). */
  created_at: string;
  /** The copy the state knows: the one managed. */
  managed: boolean;
  /** Its query_metadata is already deny-all. */
  revoked: boolean;
}

/** One of several live contacts with the same identity, as refresh read it. */
export interface LiveCopy {
  id: string;
  createdAt: string;
  /** Its query_metadata is deny-all. */
  revoked: boolean;
}

/**
 * A live contact as the plan compares it: its id and its body (snake_case, the inbox in either shape),
 * made by apply/refresh-live.ts from the client's `LiveContact` (src/api/types.ts).
 */
export interface LiveBody {
  contact_id: string;
  body: ContactBody;
}

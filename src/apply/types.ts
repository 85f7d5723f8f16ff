/** What the executor reports: one event per change carried out, and the run's summary. */
import type { Change } from '../plan/types.js';

/**
 * What happened to one change: `recorded` is a state-only change (an adoption whose body was already as
 * declared, a tier recorded), `adopted` a create that found the contact already there (then updated).
 */
export type Outcome = 'created' | 'adopted' | 'updated' | 'revoked' | 'deleted' | 'forgotten' | 'recorded';

export type ApplyEvent =
  | { kind: 'done'; change: Change; outcome: Outcome; contactId: string | null }
  | { kind: 'failed'; change: Change; reason: string };

export interface ApplyFailure {
  address: string;
  action: Change['action'];
  reason: string;
}

export interface ApplySummary {
  created: number;
  /** Creates that found the contact already in MaiAgent (a lost response, a crash) and adopted it. */
  adopted: number;
  updated: number;
  revoked: number;
  deleted: number;
  forgotten: number;
  /** State-only records (no API call). */
  recorded: number;
  failed: number;
  /** Changes not started because the run was interrupted. */
  skipped: number;
}

export interface ApplyResult {
  summary: ApplySummary;
  /** Sorted by address. */
  failures: ApplyFailure[];
  interrupted: boolean;
}

export function emptySummary(): ApplySummary {
  return {
    created: 0,
    adopted: 0,
    updated: 0,
    revoked: 0,
    deleted: 0,
    forgotten: 0,
    recorded: 0,
    failed: 0,
    skipped: 0,
  };
}

/**
 * The few error classes the library throws. The CLI shows known errors as one line (no stack) and
 * picks the exit code; anything else is a bug and keeps its stack under --debug.
 */
import type { Diagnostic } from './config/diagnostic.js';

export class MaiContactsError extends Error {
  override name = 'MaiContactsError';
}

/** The config (or a file the user gave us) is at fault. */
export class ConfigError extends MaiContactsError {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}

/** Bad command-line usage. */
export class UsageError extends MaiContactsError {
  override name = 'UsageError';
}

/** A call to the MaiAgent API failed. Never carries the API key. */
export class ApiError extends MaiContactsError {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly details: {
      method: string;
      path: string;
      status?: number;
      serverMessage?: string;
      address?: string;
      /** True when a write may or may not have landed (timeout, reset after sending). */
      outcomeUnknown?: boolean;
      /** True when the request was stopped by an interruption (SIGINT / SIGTERM), not by MaiAgent. */
      interrupted?: boolean;
    },
  ) {
    super(message);
  }
}

/** The state file is held by another process. */
export class LockError extends MaiContactsError {
  override name = 'LockError';
  constructor(
    message: string,
    readonly holder?: { who?: string; pid: number; host: string; command?: string; since: string },
  ) {
    super(message);
  }
}

/** The state file is unreadable, corrupted or of an unknown version. */
export class StateError extends MaiContactsError {
  override name = 'StateError';
}

/** A plan was refused: stale, edited, or unsafe without --force. */
export class PlanError extends MaiContactsError {
  override name = 'PlanError';
}

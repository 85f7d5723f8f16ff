/** The one exit-code table, for every command (PRODUCT.md §1). */
export const EXIT = {
  /** Success; for plan, no changes. */
  ok: 0,
  /** Any error: invalid config, API failure, lock held, unsafe plan, failed test. */
  error: 1,
  /** Only `plan --detailed-exitcode`, when there are changes. */
  changes: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Types of roster-bench.js, for the tests that seed benchmark states. */
export declare const ROSTER_INBOXES: readonly string[];
export declare const LEVELS: Readonly<Record<string, string>>;
export declare function rosterConfig(): string;
/** Writes contacts.yaml and members.csv into `dir`; returns how many rows `changed` moves. */
export declare function writeRoster(dir: string, rows: number, options?: { changed?: boolean }): number;
/** Seeds the state at `location` (a path or a postgres:// URL) with the roster in `dir`; returns how many. */
export declare function seedState(dir: string, location: string): Promise<number>;

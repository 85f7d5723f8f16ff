import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that take longest (each waits mostly on other processes: pre-commit's npm install, the
 * benchmark, spawned CLIs against PostgreSQL). Started first, so that on a fresh clone (no timing
 * cache yet) none of them starts last and runs alone.
 */
const SLOW_FIRST = [
  'test/precommit/pre-commit-hook.test.ts',
  'test/bench/smoke.test.ts',
  'test/cli/postgres-state.test.ts',
  'test/apply/reliability.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}

/**
 * Test files that need a process of their own: they set process-wide state for the whole file
 * (PGPASSWORD, a spy on a prototype or a module), send signals, kill or pause children, mount a file
 * system, or run pre-commit and the benchmark. Every other file leaves no global state behind (runCli
 * restores what it borrows), so those share their workers' module cache (`isolate: false`): most of
 * their cost was loading the same modules again in every file.
 */
const OWN_PROCESS = [
  'test/cli/postgres-state.test.ts',
  'test/cli/state-adopt.test.ts',
  'test/cli/signals.test.ts',
  'test/config/contacts-fast-path-used.test.ts',
  'test/state/postgres-backend.test.ts',
  'test/state/journal-write-failure.test.ts',
  'test/state/crash.test.ts',
  'test/state/lock-race.test.ts',
  'test/state/full-disk.test.ts',
  'test/apply/reliability.test.ts',
  'test/precommit/**/*.test.ts',
  'test/bench/**/*.test.ts',
];

/** What both projects share (a project does not inherit the root's options without `extends`). */
const COMMON = {
  // A timeout catches a hang; a loaded machine is slow, not hung.
  testTimeout: 120_000,
  hookTimeout: 120_000,
  // Child processes, not threads: runCli (src/cli/program.ts) changes the working directory.
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    ...COMMON,
    // One PostgreSQL cluster for the run; what it provides reaches every project.
    globalSetup: ['test/setup/postgres.ts'],
    // vitest's default on 2 cores is one worker (cores - 1); many files here wait on child processes
    // and servers, so a third file keeps both cores busy.
    maxWorkers: Math.max(3, availableParallelism()),
    sequence: { sequencer: SlowFirst },
    projects: [
      { test: { ...COMMON, name: 'own-process', include: OWN_PROCESS } },
      {
        test: {
          ...COMMON,
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: OWN_PROCESS,
          isolate: false,
        },
      },
    ],
  },
});

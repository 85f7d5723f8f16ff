/**
 * The CLI's program: parses argv, runs one command, picks the exit code (process.exitCode). `main` is
 * what the binary runs (src/cli/main.ts); `runCli` runs the same in the caller's process, with its own
 * output, environment and working directory, and returns the exit code.
 */
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { addGlobalOptions } from './global-options.js';
import { describeError, err, errRaw, outRaw, useTerminal, type Terminal } from './io.js';
import { TOOL_VERSION } from '../version.js';

type Register = (program: Command) => void;

/**
 * Every command, loaded only when it runs: `validate` does not load the HTTP client, the emulator or the
 * PostgreSQL driver. The order is the order of `--help`.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  plan: async () => (await import('./commands/plan.js')).registerPlan,
  apply: async () => (await import('./commands/apply.js')).registerApply,
  import: async () => (await import('./commands/import.js')).registerImport,
  explain: async () => (await import('./commands/explain.js')).registerExplain,
  test: async () => (await import('./commands/test.js')).registerTest,
  output: async () => (await import('./commands/output.js')).registerOutput,
  state: async () => (await import('./commands/state.js')).registerState,
  fmt: async () => (await import('./commands/fmt.js')).registerFmt,
  emulator: async () => (await import('./commands/emulator.js')).registerEmulator,
};

/** Global options that take a value, so that the word after them is not the command. */
const VALUE_OPTIONS = new Set(['-c', '--config', '--state', '--log-file', '--max-file-size']);

/** The command `argv` names, when it is one of ours; undefined for help, a typo or none. */
export function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return undefined;
    if (arg.startsWith('-')) {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    return Object.hasOwn(COMMANDS, arg) ? arg : undefined;
  }
  return undefined;
}

/** The program with the command `argv` names, or with every command (help, a typo, no command). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('mai-contacts')
    .description(
      'Permission-as-code for MaiAgent contacts: validate, plan and apply contacts and tiers declared in YAML.',
    )
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: outRaw, writeErr: errRaw })
    .showHelpAfterError();
  addGlobalOptions(program);
  const only = commandOf(argv);
  const names = only ? [only] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((name) => (COMMANDS[name] as () => Promise<Register>)()));
  for (const register of registers) register(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.error;
      return;
    }
    err(describeError(error, argv.includes('--debug')));
    process.exitCode = EXIT.error;
  }
}

export interface CliRunOptions extends Terminal {
  /** The whole environment of the run (process.env is swapped for it, then restored). */
  env: Record<string, string | undefined>;
  /** The working directory of the run (process.chdir, then back). */
  cwd: string;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `mai-contacts ...args` in this process and resolves to its exit code; what it prints goes to
 * `stdout` and `stderr`. The environment, working directory and process.exitCode are the process's
 * own, so runs take turns (one at a time, in call order) and each gets them back as they were. Not a
 * TTY: no colour, no confirmation prompt. Signals and stdin stay the binary's (spawn it for those).
 */
export function runCli(args: readonly string[], options: CliRunOptions): Promise<number> {
  const run = queue.then(() => runNow(args, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runNow(args: readonly string[], options: CliRunOptions): Promise<number> {
  const saved = { env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode };
  replaceEnv(options.env);
  process.chdir(options.cwd);
  process.exitCode = undefined;
  const previous = useTerminal({ stdout: options.stdout, stderr: options.stderr });
  try {
    await main([process.execPath, 'mai-contacts', ...args]);
    return Number(process.exitCode ?? EXIT.ok);
  } finally {
    useTerminal(previous);
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    replaceEnv(saved.env);
  }
}

function replaceEnv(env: Record<string, string | undefined>): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/** The CLI: parses argv, runs one command, picks the exit code. The only place that sets process.exitCode. */
import { Command, CommanderError } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerEmulator } from './commands/emulator.js';
import { registerImport } from './commands/import.js';
import { registerExplain } from './commands/explain.js';
import { registerFmt } from './commands/fmt.js';
import { registerOutput } from './commands/output.js';
import { registerPlan } from './commands/plan.js';
import { registerState } from './commands/state.js';
import { registerTest } from './commands/test.js';
import { registerValidate } from './commands/validate.js';
import { EXIT } from './exit-codes.js';
import { addGlobalOptions } from './global-options.js';
import { describeError, err } from './io.js';
import { TOOL_VERSION } from '../version.js';

export function buildProgram(): Command {
  const program = new Command('mai-contacts')
    .description(
      'Permission-as-code for MaiAgent contacts: validate, plan and apply contacts and tiers declared in YAML.',
    )
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError();
  addGlobalOptions(program);
  registerValidate(program);
  registerPlan(program);
  registerApply(program);
  registerImport(program);
  registerExplain(program);
  registerTest(program);
  registerOutput(program);
  registerState(program);
  registerFmt(program);
  registerEmulator(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
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

// A reader that goes away (`plan | head`) ends the output, not the tool with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

await main(process.argv);

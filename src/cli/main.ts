/** The binary's entry (bin/mai-contacts.js): runs the program (program.ts) on process.argv. */
import { EXIT } from './exit-codes.js';
import { main } from './program.js';

// A reader that goes away (`plan | head`) ends the output, not the tool with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

await main(process.argv);

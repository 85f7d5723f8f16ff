import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { runCli as runCliInProcess } from '../../src/cli/program.js';

export const ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (npm test builds first) from the repository root, without colour. */
export function runCli(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/mai-contacts.js'), ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** A Node stack trace line, which users must never see without --debug. */
export const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

/**
 * The same run in the test process (src/cli/program.ts runCli), for behaviour whose contract is not
 * the process: the same exit code, stdout and stderr, without a Node start-up per run.
 */
export async function runInProcess(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const status = await runCliInProcess(args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { status, stdout, stderr };
}

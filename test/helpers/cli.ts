import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as runInProcess } from '../../src/cli/program.js';
import { openState } from '../../src/state/open-state.js';
import { createResolver } from '../../src/resolve/resolve-contacts.js';
import { EXAMPLE_CONFIG, exampleConfig, REPO_ROOT } from './config.js';
import { tempDir } from './tmp.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (npm test builds first) in `cwd`, without colour and without an API key. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const { MAIAGENT_API_KEY: _key, ...rest } = process.env;
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/mai-contacts.js'), ...args], {
    cwd,
    env: { ...rest, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the CLI in the test process (src/cli/program.ts runCli) in `cwd`, with the environment
 * runCli gives a child: for behaviour whose contract is not the process (exit codes and output are
 * the same; signals, stdin, a crash and the built bundle are the binary's, tested by spawning it).
 */
export async function cliInProcess(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const { MAIAGENT_API_KEY: _key, ...rest } = process.env;
  let stdout = '';
  let stderr = '';
  const code = await runInProcess(args, {
    cwd,
    env: { ...rest, NO_COLOR: '1', ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** A directory holding a copy of the repository's contacts.yaml. */
export function exampleDir(): string {
  const dir = tempDir('mai-contacts-cli-');
  copyFileSync(EXAMPLE_CONFIG, join(dir, 'contacts.yaml'));
  return dir;
}

/** Records every contact of contacts.yaml in the state of `dir`, as if apply had created them. */
export async function applyExample(dir: string, only?: (address: string) => boolean): Promise<void> {
  const store = await openState(join(dir, 'contacts.state.json'), { lock: true, command: 'test' });
  for (const c of createResolver(exampleConfig().value).contacts()) {
    if (only && !only(c.address)) continue;
    await store.record({
      inbox: c.inboxId,
      source_id: c.sourceId,
      address: c.address,
      contact_id: `id-${c.sourceId}`,
      tier: c.tier ?? null,
      body: c.body,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-02T00:00:00.000Z',
    });
  }
  await store.commit();
  await store.close();
}

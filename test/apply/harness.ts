/**
 * An emulator in the test process and the CLI talking to it over real HTTP: the built binary in a
 * child process (`run`, `spawn`), or the same program in the test process (`cli`) where the process
 * is not the contract.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import type { EmulatorOptions } from '../../src/emulator/options.js';
import { openState } from '../../src/state/open-state.js';
import { runCli } from '../../src/cli/program.js';
import { REPO_ROOT } from '../helpers/config.js';
import { seedObjectsFromConfig } from '../../src/cli/seed-objects.js';

export const BIN = join(REPO_ROOT, 'bin/mai-contacts.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What a spawned CLI printed and how it exited (137 when killed). */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? 137, stdout, stderr })),
  );
}

export interface Harness {
  dir: string;
  emulator: RunningEmulator;
  env: Record<string, string>;
  /** Runs the CLI (async: the emulator shares this event loop) in `dir`. */
  run(args: readonly string[]): Promise<CliRun>;
  /** Runs the CLI in the test process (src/cli/program.ts runCli), in `dir`, with `env`. */
  cli(args: readonly string[]): Promise<CliRun>;
  /** Starts the CLI without waiting. */
  spawn(args: readonly string[]): ChildProcess;
  writeConfig(text: string): void;
  close(): Promise<void>;
}

export async function startHarness(
  dir: string,
  configText: string,
  options: EmulatorOptions = {},
): Promise<Harness> {
  writeFileSync(join(dir, 'contacts.yaml'), configText);
  const { config } = await loadConfig([join(dir, 'contacts.yaml')]);
  if (!config) throw new Error('test config does not load');
  const emulator = await startEmulator({
    seed: 7,
    seedObjects: seedObjectsFromConfig(config.value),
    ...options,
  });
  const { MAIAGENT_API_KEY: _k, MAIAGENT_API_URL: _u, ...rest } = process.env;
  const env: Record<string, string> = {
    ...(rest as Record<string, string>),
    NO_COLOR: '1',
    MAIAGENT_API_URL: emulator.url,
    MAIAGENT_API_KEY: emulator.apiKey,
  };
  return {
    dir,
    emulator,
    env,
    run: (args) =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [BIN, ...args],
          { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    cli: (args) => cliInProcess(args, dir, env),
    spawn: (args) =>
      spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }),
    writeConfig: (text) => writeFileSync(join(dir, 'contacts.yaml'), text),
    close: () => emulator.close(),
  };
}

/** Runs the CLI in the test process in `cwd` with exactly `env`, capturing what it prints. */
export async function cliInProcess(
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    env,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** The state as a fresh reader sees it: identity -> entry. Throws when it does not parse. */
export async function readState(dir: string): Promise<Map<string, { contact_id: string; digest: string }>> {
  const store = await openState(join(dir, 'contacts.state.json'), { lock: false });
  const map = new Map<string, { contact_id: string; digest: string }>();
  for (const e of store.entries()) map.set(e.identity, { contact_id: e.contact_id, digest: e.digest });
  return map;
}

export function fileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** A config of `count` contacts over three tiers (visitor < member < vip). */
export function generatedConfig(count: number): string {
  const lines = [
    'version: 1',
    'inboxes:',
    '  web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789',
    '  app: 0b0b0b0b-0000-4000-8000-000000000001',
    'labels:',
    '  vip: 11111111-2222-3333-4444-555555555555',
    'knowledge_bases:',
    '  docs:',
    '    id: 123e4567-e89b-12d3-a456-426614174000',
    '    files: { manual: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e }',
    '    faqs: { pricing: a1b2c3d4-e5f6-7890-abcd-1234567890ab, shipping: a1b2c3d4-e5f6-7890-abcd-1234567890ac }',
    'tiers:',
    '  visitor:',
    '    knowledge_bases: [{ kb: docs, faqs: [pricing] }]',
    '  member:',
    '    extends: visitor',
    '    knowledge_bases: [{ kb: docs, files: [manual], faqs: [pricing, shipping] }]',
    '  vip:',
    '    extends: member',
    '    labels: vip',
    'contacts:',
  ];
  const tiers = ['visitor', 'member', 'vip'];
  for (let i = 0; i < count; i++) {
    const inbox = i % 4 === 0 ? 'app' : 'web';
    lines.push(`  - { source_id: user-${i}, name: User ${i}, inbox: ${inbox}, tier: ${tiers[i % 3]} }`);
  }
  return `${lines.join('\n')}\n`;
}

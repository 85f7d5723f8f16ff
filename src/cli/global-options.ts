/** Options every command shares (PRODUCT.md §1), and the helpers that read them. */
import type { Command } from 'commander';
import { loadConfig, type LoadResult } from '../config/load-config.js';
import { DEFAULT_LIMITS } from '../config/parse-yaml.js';
import { UsageError } from '../errors.js';
import { parseDuration } from './parse-duration.js';
import { parsePositiveInt } from './parse-number.js';

export interface GlobalOptions {
  config: string[];
  /** A state file path or a postgres:// URL (--state, else MAI_CONTACTS_STATE, else ./contacts.state.json). */
  state: string;
  workspace: string;
  /** PostgreSQL: create the schema when missing (off with --state-no-create-schema). */
  createSchema: boolean;
  color: boolean;
  logFile?: string;
  /** `--timeout`: the deadline of each API request attempt (default 30 s). */
  timeoutMs: number;
  debug: boolean;
  maxFileSize: number;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option(
      '-c, --config <path>',
      'config file or directory of *.yaml / *.yml (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--state <path-or-url>',
      'state file, or postgres://USER@HOST:PORT/DB?schema=NAME (default: $MAI_CONTACTS_STATE, else ./contacts.state.json)',
    )
    .option('--workspace <name>', 'state workspace (default: $MAI_CONTACTS_WORKSPACE, else default)')
    .option('--state-no-create-schema', 'PostgreSQL: never create or migrate the schema (a DBA owns it)')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--log-file <path>', 'JSON-lines audit log of every API call')
    .option('--timeout <duration>', 'deadline of each API request, e.g. 30s or 2m', '30s')
    .option('--max-file-size <bytes>', 'refuse config files larger than this', (v) =>
      parsePositiveInt(v, '--max-file-size'),
    )
    .option('--debug', 'show stack traces for unexpected errors', false);
}

export function globalOptions(command: Command): GlobalOptions {
  const raw = command.optsWithGlobals<Record<string, unknown>>();
  const config = (raw['config'] as string[] | undefined) ?? ['./contacts.yaml'];
  const options: GlobalOptions = {
    config,
    state:
      (raw['state'] as string | undefined) ?? (process.env['MAI_CONTACTS_STATE'] || './contacts.state.json'),
    workspace:
      (raw['workspace'] as string | undefined) ?? (process.env['MAI_CONTACTS_WORKSPACE'] || 'default'),
    createSchema: raw['stateNoCreateSchema'] !== true,
    color: raw['color'] !== false && !process.env['NO_COLOR'],
    timeoutMs: requestTimeout((raw['timeout'] as string | undefined) ?? '30s'),
    debug: raw['debug'] === true,
    maxFileSize: (raw['maxFileSize'] as number | undefined) ?? DEFAULT_LIMITS.maxFileSize,
  };
  if (typeof raw['logFile'] === 'string') options.logFile = raw['logFile'];
  return options;
}

function requestTimeout(text: string): number {
  const ms = parseDuration(text, '--timeout');
  if (ms <= 0) throw new UsageError(`--timeout must be longer than 0, not "${text}"`);
  return ms;
}

export function loadFromOptions(options: GlobalOptions): Promise<LoadResult> {
  return loadConfig(options.config, { limits: { maxFileSize: options.maxFileSize } });
}

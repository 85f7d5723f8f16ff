/** `mai-contacts emulator`: a local MaiAgent API for demos, tests and CI dry runs. Runs until SIGINT / SIGTERM. */
import type { Command } from 'commander';
import { hasErrors } from '../../config/diagnostic.js';
import { loadConfig } from '../../config/load-config.js';
import { VARIANTS, type EmulatorOptions, type Variant } from '../../emulator/options.js';
import { startEmulator } from '../../emulator/start-emulator.js';
import { ConfigError, UsageError } from '../../errors.js';
import { out } from '../io.js';
import { seedObjectsFromConfig } from '../seed-objects.js';

interface Flags {
  port: string;
  host: string;
  apiKey?: string;
  data?: string;
  seedConfig?: string;
  variant: string;
  camelMetadata: boolean;
  paging?: string;
  nestedResults: boolean;
  pageSize?: string;
  maxPageSize?: string;
  latency: string;
  errorRate: string;
  throttleRate: string;
  resetRate: string;
  maxRps: string;
  retryAfter: string;
  listingShift: string;
  seed?: string;
}

const number = (flag: string, value: string, min: number, max = Number.POSITIVE_INFINITY): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(
      `--${flag} must be a number${max === 1 ? ' between 0 and 1' : ` ≥ ${min}`}, got "${value}"`,
    );
  }
  return n;
};

const integer = (flag: string, value: string, min: number): number => {
  const n = number(flag, value, min);
  if (!Number.isInteger(n)) throw new UsageError(`--${flag} must be a whole number, got "${value}"`);
  return n;
};

async function toOptions(flags: Flags): Promise<EmulatorOptions> {
  if (!(VARIANTS as readonly string[]).includes(flags.variant)) {
    throw new UsageError(`--variant must be one of ${VARIANTS.join(', ')}, got "${flags.variant}"`);
  }
  if (flags.paging !== undefined && flags.paging !== 'page' && flags.paging !== 'offset') {
    throw new UsageError(`--paging must be page or offset, got "${flags.paging}"`);
  }
  const options: EmulatorOptions = {
    port: integer('port', flags.port, 0),
    host: flags.host,
    variant: flags.variant as Variant,
    camelMetadata: flags.camelMetadata,
    nestResults: flags.nestedResults,
    latencyMs: number('latency', flags.latency, 0),
    errorRate: number('error-rate', flags.errorRate, 0, 1),
    throttleRate: number('throttle-rate', flags.throttleRate, 0, 1),
    resetRate: number('reset-rate', flags.resetRate, 0, 1),
    maxRps: number('max-rps', flags.maxRps, 0),
    retryAfterSeconds: integer('retry-after', flags.retryAfter, 0),
    listingShift: integer('listing-shift', flags.listingShift, 0),
  };
  if (flags.paging) options.paging = flags.paging;
  if (flags.pageSize) options.pageSize = integer('page-size', flags.pageSize, 1);
  if (flags.maxPageSize) options.maxPageSize = integer('max-page-size', flags.maxPageSize, 1);
  if (flags.seed !== undefined) options.seed = integer('seed', flags.seed, 0);
  if (flags.apiKey !== undefined) options.apiKey = flags.apiKey;
  if (flags.data !== undefined) options.dataFile = flags.data;
  if (flags.seedConfig !== undefined) {
    const loaded = await loadConfig([flags.seedConfig]);
    if (!loaded.config || hasErrors(loaded.diagnostics)) {
      throw new ConfigError(`--seed-config ${flags.seedConfig} is not a valid config`, loaded.diagnostics);
    }
    options.seedObjects = seedObjectsFromConfig(loaded.config.value);
  }
  return options;
}

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description(
      'serve a local MaiAgent API (contacts, inboxes, knowledge bases, labels, files, FAQs) with optional faults',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--api-key <key>', 'the API key clients must send (default: generated and printed)')
    .option('--data <file>', 'keep contacts and resources in this JSON file across restarts')
    .option(
      '--seed-config <config>',
      'declare the inboxes, knowledge bases, labels, files and FAQs of this config',
    )
    .option('--variant <variant>', `response shape: ${VARIANTS.join(' | ')}`, 'seed')
    .option('--camel-metadata', 'camelCase inside queryMetadata too', false)
    .option('--paging <style>', 'paging when a request names neither page nor offset: page | offset')
    .option('--nested-results', "nest results one level too deep, as in the docs' example", false)
    .option('--page-size <n>', 'default page size (20)')
    .option('--max-page-size <n>', 'largest page size honoured (100)')
    .option('--latency <ms>', 'delay before every response', '0')
    .option('--error-rate <p>', 'share of requests answered 503 / 500 without doing anything', '0')
    .option('--throttle-rate <p>', 'share of requests answered 429 with Retry-After', '0')
    .option(
      '--reset-rate <p>',
      'share of requests whose connection is dropped after the write is committed',
      '0',
    )
    .option('--max-rps <n>', 'answer 429 above this many requests per second (0: no cap)', '0')
    .option('--retry-after <seconds>', 'Retry-After of --throttle-rate answers', '1')
    .option(
      '--listing-shift <n>',
      'before each contact page after the first, insert or delete n bystander contacts in front (0: never)',
      '0',
    )
    .option('--seed <n>', 'seed for ids and faults, for repeatable chaos')
    .action(async (flags: Flags) => {
      const emulator = await startEmulator(await toOptions(flags));
      out(
        `MaiAgent emulator (variant ${emulator.shape.variant}) listening on ${emulator.url} (also ${emulator.url}/v1)`,
      );
      out(`export MAIAGENT_API_URL=${emulator.url}`);
      out(
        flags.apiKey === undefined
          ? `export MAIAGENT_API_KEY=${emulator.apiKey}`
          : 'API key: the one given with --api-key',
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await emulator.close();
      out('emulator stopped');
    });
}

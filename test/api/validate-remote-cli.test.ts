/**
 * `mai-contacts validate --remote` against an emulator seeded from the same config: through the built
 * binary (a pass with its audit log, refusals with one line and no stack), and in the test process.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import { runCli } from '../../src/cli/program.js';
import { seedObjectsFromConfig } from '../../src/cli/seed-objects.js';

const BIN = fileURLToPath(new URL('../../bin/mai-contacts.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../contacts.yaml', import.meta.url));

describe('validate --remote', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({
      seedObjects: seedObjectsFromConfig((await loadConfig([EXAMPLE])).config!.value),
    });
    dir = await mkdtemp(join(tmpdir(), 'mai-validate-remote-'));
  });
  afterAll(() => emulator.close());

  /** Runs the binary without blocking this process, which serves the emulator. */
  const run = (args: string[], env: Record<string, string | undefined> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, 'validate', '--remote', ...args],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            NO_COLOR: '1',
            MAIAGENT_API_URL: emulator.url,
            MAIAGENT_API_KEY: emulator.apiKey,
            ...env,
          },
        },
        (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
      );
    });

  /** The same run in the test process. */
  const runHere = async (args: string[], env: Record<string, string | undefined> = {}) => {
    let stdout = '';
    let stderr = '';
    const status = await runCli(['validate', '--remote', ...args], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        NO_COLOR: '1',
        MAIAGENT_API_URL: emulator.url,
        MAIAGENT_API_KEY: emulator.apiKey,
        ...env,
      },
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    });
    return { status, stdout, stderr };
  };

  it('passes against an emulator seeded from the same config, logging every call without the key', async () => {
    const log = join(dir, 'audit.jsonl');
    const result = await run(['-c', EXAMPLE, '--log-file', log]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['path'])).toContain('/api/inboxes/?pageSize=100&page_size=100&limit=100');
    expect(lines.every((l) => l['method'] === 'GET' && l['status'] === 200 && l['attempt'] === 1)).toBe(true);
    expect(await readFile(log, 'utf8')).not.toContain(emulator.apiKey);
  });

  it('names a label that does not exist, at its line', async () => {
    const text = readFileSync(EXAMPLE, 'utf8').replace(
      '  advanced: aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee\n',
      '  advanced: aaaaaaa1-bbbb-cccc-dddd-eeeeeeeeeeee\n  ghost: 99999999-2222-3333-4444-555555555555\n',
    );
    const file = join(dir, 'ghost.yaml');
    await writeFile(file, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('  ghost:')) + 1;
    const result = await runHere(['-c', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `${file}:${line}:10 error remote-not-found: label "ghost" (99999999-2222-3333-4444-555555555555) does not exist in MaiAgent`,
    );
  });

  it('refuses plain http to a remote host, and a missing key, with one line and no stack', async () => {
    const http = await run(['-c', EXAMPLE], { MAIAGENT_API_URL: 'http://api.maiagent.ai/api' });
    expect(http.status).toBe(1);
    expect(http.stderr.trim()).toBe(
      'Error: MAIAGENT_API_URL uses plain http:// to api.maiagent.ai; the API key is only sent over https:// (or http:// to a loopback host)',
    );
    const noKey = await run(['-c', EXAMPLE], { MAIAGENT_API_KEY: '' });
    expect(noKey.status).toBe(1);
    expect(noKey.stderr.trim()).toBe(
      'Error: MAIAGENT_API_KEY is not set; it is needed to reach the MaiAgent API',
    );
  });

  it('an unreachable API is an error naming the call, without the key', async () => {
    const port = await closedPort();
    const result = await runHere(['-c', EXAMPLE], {
      MAIAGENT_API_URL: `http://127.0.0.1:${port}/api`,
      MAIAGENT_API_KEY: 'sekret-key',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Error: GET \/api\/(inboxes|knowledge-bases)\/\?.* failed: ECONNREFUSED/);
    expect(result.stderr + result.stdout).not.toContain('sekret-key');
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

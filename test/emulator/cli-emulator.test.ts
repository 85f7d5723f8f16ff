/** `mai-contacts emulator` as a user runs it: the built binary, its printed URL and key, faults, a clean stop. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/mai-contacts.js', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts the emulator and waits for the lines that tell where it listens. */
async function runEmulator(
  args: string[],
): Promise<{ url: string; key: string; output: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [BIN, 'emulator', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  child = proc;
  let output = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const ready = new Promise<{ url: string; key: string }>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /export MAIAGENT_API_URL=(\S+)/.exec(output)?.[1];
      const key = /export MAIAGENT_API_KEY=(\S+)/.exec(output)?.[1];
      if (url && key) resolve({ url, key });
    });
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`emulator exited: ${output}`)));
  });
  return { ...(await ready), output: () => output, exited };
}

describe('mai-contacts emulator', () => {
  it('--throttle-rate 1 answers 429 with Retry-After; SIGTERM stops it cleanly', async () => {
    const emulator = await runEmulator(['--throttle-rate', '1', '--variant', 'current']);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(emulator.key).toMatch(/^[0-9a-f]{40}$/);
    const res = await fetch(`${emulator.url}/v1/contacts/`, {
      headers: { Authorization: `Api-Key ${emulator.key}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    child!.kill('SIGTERM');
    expect(await emulator.exited).toBe(0);
    expect(emulator.output()).toContain('emulator stopped');
  });

  it('does not print a key it was given', async () => {
    const proc = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--api-key', 'given-secret'], {
      env: process.env,
    });
    child = proc;
    let output = '';
    await new Promise<void>((resolve) =>
      proc.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('API key')) resolve();
      }),
    );
    expect(output).not.toContain('given-secret');
    expect(output).toContain('API key: the one given with --api-key');
  });

  it.each([
    [['--error-rate', '2'], '--error-rate must be a number between 0 and 1, got "2"'],
    [['--variant', 'v2'], '--variant must be one of seed, current, examples, got "v2"'],
    [['--seed-config', 'missing.yaml'], '--seed-config missing.yaml is not a valid config'],
  ])('refuses %j with one clear line', (args, message) => {
    const result = spawnSync(process.execPath, [BIN, 'emulator', '--port', '0', ...args], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(`Error: ${message}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

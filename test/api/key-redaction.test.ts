/**
 * The API key never reaches an output: a server that echoes it, several times and at several offsets
 * (around the cut of long messages too), in JSON and non-JSON error bodies; and a key that cannot be
 * sent as a header value is refused before any request.
 */
import { execFile } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { MAX_SERVER_MESSAGE } from '../../src/api/api-error.js';
import type { AuditEvent } from '../../src/api/types.js';
import { ApiError, UsageError } from '../../src/errors.js';
import { BIN, generatedConfig, type CliRun } from '../apply/harness.js';
import { tempDir } from '../helpers/tmp.js';
import { json, scriptedServer, type ScriptedServer } from './scripted-server.js';

/** Printable ASCII with a quote and a backslash, so its JSON-escaped form differs from it. */
const KEY = 'mk-"quoted"\\back-5f0c2a9e71d34b86a0c1';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `size` characters with the key at each of `offsets`. */
function echo(offsets: readonly number[], size: number): string {
  let text = '';
  for (const at of offsets) text += `${'x'.repeat(Math.max(0, at - text.length))}${KEY}`;
  return text + 'y'.repeat(Math.max(0, size - text.length));
}

/** No 6-character piece of the key anywhere (so neither the key nor a cut-off prefix of it). */
function expectNoKey(text: string): void {
  expect(text).not.toContain('***"'); // sanity: no half-redacted escape left
  for (let i = 0; i + 6 <= KEY.length; i++) expect(text).not.toContain(KEY.slice(i, i + 6));
}

const OFFSETS = [0, 150, MAX_SERVER_MESSAGE - 10, MAX_SERVER_MESSAGE - 1, 700];

const BODIES: Record<string, (res: ServerResponse) => void> = {
  'JSON detail': (res) => json(res, 400, { detail: echo(OFFSETS, 1000) }),
  'JSON field errors': (res) =>
    json(res, 400, { sourceId: [echo(OFFSETS, 900), KEY], [KEY]: ['a key as a field name'] }),
  'a JSON list': (res) => json(res, 400, [echo([5, 295], 400), KEY]),
  HTML: (res) =>
    res
      .writeHead(500, { 'Content-Type': 'text/html' })
      .end(`<html><body>${echo(OFFSETS, 1200)}</body></html>`),
  'plain text': (res) => res.writeHead(403, { 'Content-Type': 'text/plain' }).end(echo(OFFSETS, 800)),
  'JSON text that does not parse': (res) =>
    res.writeHead(400, { 'Content-Type': 'application/json' }).end(`{"detail": "${echo(OFFSETS, 600)}`),
};

describe('a server that echoes the key', () => {
  it.each(Object.keys(BODIES))('%s: no error, message or audit event carries any of it', async (name) => {
    server = await scriptedServer((_req, res) => BODIES[name]?.(res));
    const audit: AuditEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      apiKey: KEY,
      retries: 0,
      audit: (e) => audit.push(e),
    });
    const error = await client.listInboxes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const { message, details } = error as ApiError;
    expect(details.serverMessage).toContain('***');
    expect((details.serverMessage ?? '').length).toBeLessThanOrEqual(MAX_SERVER_MESSAGE + 1);
    expectNoKey(`${message}\n${JSON.stringify(details)}\n${JSON.stringify(audit)}`);
    expect(server.requests[0]?.authorization).toBe(`Api-Key ${KEY}`); // the key was really sent
  });
});

describe('a key that cannot be sent as a header value', () => {
  it.each([
    ['a line break', 'abc-first\nsecond-part'],
    ['a carriage return', 'abc-first\rsecond-part'],
    ['a NUL', 'abc-first\u0000second-part'],
    ['a space', 'abc-first second-part'],
    ['a non-ASCII character', 'abc-firsté-second-part'],
  ])('with %s is refused by the client before any request', async (_what, key) => {
    server = await scriptedServer((_req, res) => json(res, 200, []));
    expect(() => createClient({ baseUrl: server?.url ?? '', apiKey: key })).toThrow(UsageError);
    try {
      createClient({ baseUrl: server.url, apiKey: key });
    } catch (e) {
      expect((e as Error).message).not.toContain('first');
      expect((e as Error).message).not.toContain('second');
    }
    expect(server.requests).toHaveLength(0);
  });
});

function runCli(dir: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Every file the command left in `dir`. */
const filesIn = (dir: string): string =>
  readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');

describe('the CLI', () => {
  it('refuses a key with a line break at start-up: exit 1, no request, no log line, no piece of the key', async () => {
    server = await scriptedServer((_req, res) => json(res, 200, { count: 0, next: null, results: [] }));
    const dir = tempDir('mai-key-refused-');
    writeFileSync(join(dir, 'contacts.yaml'), generatedConfig(3));
    const key = 'keypartone-0123\nkeyparttwo-4567';
    const run = await runCli(dir, ['apply', '--auto-approve', '--log-file', 'audit.jsonl'], {
      MAIAGENT_API_URL: server.url,
      MAIAGENT_API_KEY: key,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MAIAGENT_API_KEY contains a line break at position 16');
    expect(server.requests).toHaveLength(0);
    const everything = `${run.stdout}${run.stderr}${filesIn(dir)}`;
    expect(everything).not.toContain('keypartone');
    expect(everything).not.toContain('keyparttwo');
  });

  it('keeps an echoed key out of stderr, stdout, the log file and the state', async () => {
    let posts = 0;
    server = await scriptedServer((req, res) => {
      if (req.method === 'GET') return json(res, 200, { count: 0, next: null, previous: null, results: [] });
      posts += 1;
      if (posts % 2 === 1) return json(res, 400, { sourceId: [echo(OFFSETS, 900)] });
      return res.writeHead(400, { 'Content-Type': 'text/plain' }).end(echo(OFFSETS, 900));
    });
    const dir = tempDir('mai-key-echo-');
    writeFileSync(join(dir, 'contacts.yaml'), generatedConfig(4));
    const run = await runCli(dir, ['apply', '--auto-approve', '--log-file', 'audit.jsonl'], {
      MAIAGENT_API_URL: server.url,
      MAIAGENT_API_KEY: KEY,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('4 failed');
    expect(run.stderr).toContain('***');
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).toContain('"method":"POST"');
    expectNoKey(`${run.stdout}\n${run.stderr}\n${filesIn(dir)}`);
  });
});

/**
 * The built CLI opens a PostgreSQL state without loading Node's own copy of undici: pg asks whether it
 * runs on Cloudflare Workers by constructing a `Response`, and scripts/build.js answers for it (the CLI
 * runs on Node). The process is the contract here (which modules it loads), so the binary is spawned.
 * `npm test` builds first.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = join(REPO_ROOT, 'bin/mai-contacts.js');

/** The CLI's stderr, with a last line saying whether Node's bundled undici was loaded. */
function run(args: string[], dir: string): Promise<string> {
  const probe = join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    "process.on('exit', () => process.stderr.write(`\\nBUNDLED_UNDICI=${process.moduleLoadList.some((m) => m.includes('internal/deps/undici'))}\\n`));\n",
  );
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', probe, BIN, ...args], { cwd: dir }, (_error, _stdout, stderr) =>
      resolve(stderr),
    );
  });
}

describe('the built CLI with a PostgreSQL state', () => {
  it('loads pg (it reaches the database) without Node’s bundled undici', async () => {
    const dir = tempDir();
    const config = join(REPO_ROOT, 'contacts.yaml');
    // Nothing listens on port 1: the connection is refused after pg is loaded and asked to connect.
    const stderr = await run(
      ['plan', '-c', config, '--state', 'postgres://u@127.0.0.1:1/db', '--no-refresh'],
      dir,
    );
    expect(stderr).toContain('cannot connect to the state database at 127.0.0.1:1');
    expect(stderr).toContain('BUNDLED_UNDICI=false');
  });

  it('the probe sees the bundled undici when something does load it', async () => {
    const dir = tempDir();
    const script = join(dir, 'fetch.mjs');
    writeFileSync(script, 'new Response(null);\n');
    const probe = join(dir, 'probe.mjs');
    await run(['--version'], dir);
    const stderr = await new Promise<string>((resolve) =>
      execFile(process.execPath, ['--import', probe, script], (_e, _o, err) => resolve(err)),
    );
    expect(stderr).toContain('BUNDLED_UNDICI=true');
  });
});

/**
 * The CLI on PostgreSQL state, against the emulator over real HTTP and the run's private PostgreSQL
 * cluster: the same behaviour as the file backend (plan, apply, import, output, explain, state
 * list|show|rm, stale saved plans, adoption, drift, state migrate), and what a shared database adds:
 * a killed holder, two runners, two workspaces, a lost lock connection, an unreachable database, and a
 * password that never shows. The process is the contract where a holder is killed or paused and for the
 * password (spawned); the rest runs the CLI in the test process (`h.cli`).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { openState } from '../../src/state/open-state.js';
import { EXAMPLE_CONFIG } from '../helpers/config.js';
import { freshStateUrl, NO_POSTGRES, pgEnv, POSTGRES, withAdmin } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';
import { BIN, generatedConfig, startHarness, type CliRun, type Harness } from '../apply/harness.js';

const INBOX = '8a2b1c3d-4e5f-6789-abcd-ef0123456789';
const BASE = readFileSync(EXAMPLE_CONFIG, 'utf8').split('\n# Guardrails')[0] as string;
process.env['PGPASSWORD'] = POSTGRES.password;

let harness: Harness | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await harness?.close();
  harness = undefined;
});

const schemaOf = (url: string) => new URL(url).searchParams.get('schema') as string;

async function start(config: string, url: string, emulator: Parameters<typeof startHarness>[2] = {}) {
  const h = (harness = await startHarness(tempDir('mai-pg-cli-'), config, emulator));
  Object.assign(h.env, pgEnv(), { MAI_CONTACTS_STATE: url });
  return h;
}

/** Runs the CLI in another working directory (another "runner") with the harness's environment. */
function runIn(h: Harness, dir: string, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env: h.env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function spawnIn(
  h: Harness,
  dir: string,
  args: readonly string[],
): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: h.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 137 : 1), stdout, stderr })),
  );
  return { child, done };
}

async function rowCount(url: string, workspace = 'default'): Promise<number> {
  return withAdmin(async (db) => {
    const present = await db.query('SELECT to_regclass($1) AS t', [`${schemaOf(url)}.contacts`]);
    if (!(present.rows[0] as { t: string | null }).t) return 0;
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM ${schemaOf(url)}.contacts WHERE workspace = $1`,
      [workspace],
    );
    return (rows[0] as { n: number }).n;
  });
}

/** The pid recorded by the process holding the lock of `workspace`, if any. */
async function holderPid(url: string, workspace = 'default'): Promise<number | undefined> {
  return withAdmin(async (db) => {
    const present = await db.query('SELECT to_regclass($1) AS t', [`${schemaOf(url)}.locks`]);
    if (!(present.rows[0] as { t: string | null }).t) return undefined;
    const { rows } = await db.query(`SELECT pid FROM ${schemaOf(url)}.locks WHERE workspace = $1`, [
      workspace,
    ]);
    return (rows[0] as { pid: number } | undefined)?.pid;
  });
}

async function until(
  what: string,
  test: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(NO_POSTGRES)('the CLI on PostgreSQL state', () => {
  it('plan, apply, output, explain, state list|show|rm, adoption, drift, stale plans and migrate behave as on a file', async () => {
    const url = freshStateUrl();
    const h = await start(BASE, url);
    const { emulator } = h;

    let r = await h.cli(['apply', '--auto-approve']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 3 created');
    expect(await rowCount(url)).toBe(3);
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);

    r = await h.cli(['state', 'list']);
    expect(r.stdout).toMatch(/web-chat\/user_123456 +\S+ +vip/);
    r = await h.cli(['state', 'show', 'web-chat/user_123456']);
    expect(JSON.parse(r.stdout)).toMatchObject({ source_id: 'user_123456', tier: 'vip' });
    r = await h.cli(['output', '--format', 'json']);
    expect(r.code).toBe(0);
    const id = emulator.store.findBySource(INBOX, 'user_123456')?.id ?? 'missing';
    expect(r.stdout).toContain(id);
    r = await h.cli(['explain', 'web-chat/user_123456']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(id);

    // drift made through the API is shown and repaired
    const client = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    await client.updateContact(id, {
      name: 'Changed',
      source_id: 'user_123456',
      inbox: INBOX,
      query_metadata: { knowledge_bases: [] },
    });
    r = await h.cli(['plan', '--detailed-exitcode']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/drift: .* changed in MaiAgent since the last apply/);
    expect((await h.cli(['apply', '--auto-approve'])).code).toBe(0);

    // a saved plan is refused once the state has moved
    h.writeConfig(BASE.replace('name: Anonymous', 'name: Anonymous visitor'));
    expect((await h.cli(['plan', '--out', 'saved.json'])).code).toBe(0);
    expect((await h.cli(['state', 'rm', 'web-chat/user_234567'])).code).toBe(0);
    r = await h.cli(['apply', 'saved.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stale plan');

    // the forgotten contact is adopted (no POST), and a fresh saved plan applies
    emulator.stats.reset();
    expect((await h.cli(['plan', '--out', 'saved.json'])).code).toBe(0);
    r = await h.cli(['apply', 'saved.json']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(emulator.stats.byMethod['POST']).toBeUndefined();
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);

    // import into another workspace adopts an undeclared live contact there, and only there
    emulator.insert([
      { inboxIds: [INBOX], name: 'Walk-in', sourceId: 'walk-in', queryMetadata: { knowledge_bases: [] } },
    ]);
    r = await h.cli(['import', '--inbox', 'web-chat', '--out', 'imported.yaml', '--workspace', 'imported']);
    expect(r.stderr).toContain('adopted into state');
    expect((await h.cli(['state', 'list', '--workspace', 'imported'])).stdout).toContain('web-chat/walk-in');
    expect((await h.cli(['state', 'list'])).stdout).not.toContain('walk-in');
    r = await h.cli(['state', 'workspaces']);
    expect(r.stdout.trim().split('\n')).toEqual(['* default', '  imported']);

    // migrate to a file and back into a third workspace: the same entries, the source untouched
    const before = (await h.cli(['state', 'list'])).stdout;
    r = await h.cli(['state', 'migrate', '--to', 'copy.state.json']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Copied 3 contact\(s\) .* and checked every entry/);
    expect((await h.cli(['state', 'list', '--state', 'copy.state.json'])).stdout).toBe(
      before.replace(url, 'copy.state.json'),
    );
    r = await h.cli([
      'state',
      'migrate',
      '--state',
      'copy.state.json',
      '--to',
      url,
      '--to-workspace',
      'restored',
    ]);
    expect(r.code).toBe(0);
    expect((await h.cli(['state', 'list', '--workspace', 'restored'])).stdout).toBe(before);
    expect((await h.cli(['plan', '--detailed-exitcode', '--workspace', 'restored'])).code).toBe(0);
    r = await h.cli(['state', 'migrate', '--to', url, '--to-workspace', 'restored']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already holds 3 contact(s)');
    expect(await rowCount(url)).toBe(3);
  }, 120_000);

  it('a killed apply leaves no lock behind: the next apply starts at once, converges, no duplicates', async () => {
    const url = freshStateUrl();
    const h = await start(generatedConfig(40), url, { latencyMs: 40 });
    const first = spawnIn(h, h.dir, ['apply', '--auto-approve', '--parallelism', '2']);
    await until('some changes recorded', async () => (await rowCount(url)) >= 4);
    first.child.kill('SIGKILL');
    await first.done;
    h.emulator.faults.latencyMs = 0;
    const r = await h.run(['apply', '--auto-approve', '--lock-timeout', '0s']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(h.emulator.stats.duplicates()).toEqual([]);
    expect(await rowCount(url)).toBe(40);
    expect((await h.run(['plan', '--detailed-exitcode'])).code).toBe(0);
  }, 180_000);

  it('two runners on one workspace: one refused at once naming the holder, the other completes; two workspaces run side by side', async () => {
    const url = freshStateUrl();
    const h = await start(generatedConfig(20), url, { latencyMs: 100 });
    const other = tempDir('mai-pg-runner-');
    writeFileSync(join(other, 'contacts.yaml'), generatedConfig(20));
    const first = spawnIn(h, h.dir, ['apply', '--auto-approve', '--parallelism', '1']);
    const pid = first.child.pid as number;
    await until('the first apply holding the lock', async () => (await holderPid(url)) === pid);
    // Paused while it holds the lock (its session stays open), so the second runner surely finds it held.
    process.kill(pid, 'SIGSTOP');
    const second = await runIn(h, other, ['apply', '--auto-approve']);
    process.kill(pid, 'SIGCONT');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is locked by another mai-contacts');
    expect(second.stderr).toContain(`pid ${pid} on `);
    expect(second.stderr).toContain('(apply)');
    expect(second.stdout).not.toContain('Apply complete');
    const done = await first.done;
    expect(done.stderr).not.toMatch(/Error/);
    expect(done.code).toBe(0);
    expect(await rowCount(url)).toBe(20);

    // While an apply holds workspace staging, one to production runs to its end: different lock keys.
    const staging = spawnIn(h, h.dir, [
      'apply',
      '--auto-approve',
      '--workspace',
      'staging',
      '--parallelism',
      '1',
    ]);
    const stagingPid = staging.child.pid as number;
    await until(
      'the staging apply holding its lock',
      async () => (await holderPid(url, 'staging')) === stagingPid,
    );
    process.kill(stagingPid, 'SIGSTOP');
    const b = await runIn(h, other, ['apply', '--auto-approve', '--workspace', 'production']);
    process.kill(stagingPid, 'SIGCONT');
    const a = await staging.done;
    expect(a.stderr).not.toMatch(/Error/);
    expect(b.stderr).not.toMatch(/Error/);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(await rowCount(url, 'staging')).toBe(20);
    expect(await rowCount(url, 'production')).toBe(20);
    expect(h.emulator.stats.duplicates()).toEqual([]);
  }, 180_000);

  it('the lock connection terminated mid-run: apply stops starting changes, exits 1 saying so; the next run converges', async () => {
    const url = freshStateUrl();
    const h = await start(generatedConfig(40), url, { latencyMs: 40 });
    const run = spawnIn(h, h.dir, ['apply', '--auto-approve', '--parallelism', '2']);
    await until('some changes recorded', async () => (await rowCount(url)) >= 4);
    await withAdmin((db) =>
      db.query(
        `SELECT pg_terminate_backend(backend_pid) FROM ${schemaOf(url)}.locks WHERE workspace = 'default'`,
      ),
    );
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the connection holding the lock on state .* was lost/);
    expect(r.stderr).toContain('apply stopped starting changes');
    const landed = h.emulator.stats.byMethod['POST'] ?? 0;
    expect(landed).toBeLessThan(40);
    h.emulator.faults.latencyMs = 0;
    const next = await h.run(['apply', '--auto-approve']);
    expect(next.stderr).not.toMatch(/Error/);
    expect(next.code).toBe(0);
    expect(h.emulator.stats.duplicates()).toEqual([]);
    expect(await rowCount(url)).toBe(40);
    expect((await h.run(['plan', '--detailed-exitcode'])).code).toBe(0);
  }, 180_000);

  it('state unlock LOCK_ID ends the session of a lost holder: a wrong id is refused, the right one frees the lock at once', async () => {
    const url = freshStateUrl();
    const h = await start(generatedConfig(20), url, { latencyMs: 100 });
    const lost = spawnIn(h, h.dir, ['apply', '--auto-approve', '--parallelism', '1']);
    const pid = lost.child.pid as number;
    await until('the apply holding the lock', async () => (await holderPid(url)) === pid);
    // A lost runner: the process no longer acts, but its database session stays open, and the lock with it.
    process.kill(pid, 'SIGSTOP');
    const refused = await h.run(['apply', '--auto-approve']);
    expect(refused.code).toBe(1);
    const id = /mai-contacts state unlock (\S+)`/.exec(refused.stderr)?.[1] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.stderr).toContain(`lock id ${id}`);

    const wrong = await h.run(['state', 'unlock', 'not-the-id']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`is locked with id ${id}, not not-the-id; nothing was done`);
    expect(await holderPid(url)).toBe(pid);

    const unlocked = await h.run(['state', 'unlock', id]);
    expect(unlocked.stderr).toBe('');
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toMatch(
      new RegExp(
        `^Removed lock ${id} on state postgres://mai@127\\.0\\.0\\.1:\\d+/postgres\\?schema=t_\\w+, held by \\S+ pid ${pid} on .*\\(apply\\): its database session \\(backend pid \\d+\\) was ended, which released the advisory lock`,
      ),
    );
    expect(await holderPid(url)).toBeUndefined();

    // The lost process is still there (stopped), yet the next apply starts at once and converges.
    const next = await h.run(['apply', '--auto-approve', '--lock-timeout', '0s']);
    expect(next.stderr).not.toMatch(/Error/);
    expect(next.code).toBe(0);
    expect(await rowCount(url)).toBe(20);
    lost.child.kill('SIGKILL');
    await lost.done;
    expect(h.emulator.stats.duplicates()).toEqual([]);

    const free = await h.run(['state', 'unlock', id]);
    expect(free.code).toBe(1);
    expect(free.stderr).toContain('is not locked; nothing was done');
  }, 90_000);

  it('the database unreachable at start: one clear error naming host and port, nothing sent to MaiAgent', async () => {
    const h = await start(BASE, 'postgres://mai@127.0.0.1:1/postgres?schema=x');
    for (const args of [['apply', '--auto-approve'], ['plan']]) {
      const r = await h.cli(args);
      expect(r.code).toBe(1);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error:'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('cannot connect to the state database at 127.0.0.1:1');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(h.emulator.stats.requests).toBe(0);
    // plan and apply open the state while the config loads: a broken config is still the one error shown.
    writeFileSync(join(h.dir, 'broken.yaml'), `${BASE}  - { source_id: x, name: X, inbox: nowhere }\n`);
    for (const args of [['plan'], ['apply', '--auto-approve']]) {
      const broken = await h.cli([...args, '-c', 'broken.yaml']);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('unknown inbox "nowhere"');
      expect(broken.stderr).not.toContain('state database');
    }
    expect(h.emulator.stats.requests).toBe(0);
  }, 180_000);

  it('apply with a broken config while another holds the lock: the config error alone, the holder untouched', async () => {
    const url = freshStateUrl();
    const h = await start(BASE, url);
    const holder = await openState(url, { lock: true, command: 'apply' });
    try {
      writeFileSync(join(h.dir, 'broken.yaml'), `${BASE}  - { source_id: x, name: X, inbox: nowhere }\n`);
      const broken = await h.cli(['apply', '--auto-approve', '-c', 'broken.yaml']);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('unknown inbox "nowhere"');
      expect(broken.stderr).not.toContain('is locked');
      // The holder still holds the lock: a good config is refused at once, naming it.
      const refused = await h.cli(['apply', '--auto-approve']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is locked');
    } finally {
      await holder.close();
    }
    // A broken config's run left no lock behind: the next apply runs.
    writeFileSync(join(h.dir, 'broken.yaml'), `${BASE}  - { source_id: x, name: X, inbox: nowhere }\n`);
    expect((await h.cli(['apply', '--auto-approve', '-c', 'broken.yaml'])).code).toBe(1);
    const good = await h.cli(['apply', '--auto-approve']);
    expect(good.code, good.stderr).toBe(0);
  }, 180_000);

  it('the password never appears: not in output, plan files, logs or errors', async () => {
    const schema = schemaOf(freshStateUrl());
    const secret = POSTGRES.password;
    const url = `postgres://mai:${encodeURIComponent(secret)}@${POSTGRES.host}:${POSTGRES.port}/postgres?schema=${schema}`;
    const h = await start(BASE, url);
    h.env['PGPASSWORD'] = '';
    // The runs that succeed in the test process; the refusals through the binary.
    const runs = [
      await h.cli(['apply', '--auto-approve', '--log-file', 'audit.jsonl']),
      await h.cli(['plan', '--out', 'saved.json', '--format', 'json']),
      await h.cli(['state', 'list']),
      await h.cli(['state', 'workspaces']),
      await h.run(['apply', '--auto-approve', '--lock-timeout', 'nonsense']),
    ];
    expect(runs[0]?.code).toBe(0);
    const locked = await openState(url, { lock: true, command: 'apply' });
    runs.push(await h.run(['apply', '--auto-approve']));
    await locked.close();
    expect(runs[5]?.stderr).toContain('is locked');
    const wrong = url.replace(encodeURIComponent(secret), 'Wr0ng-Secret');
    runs.push(await h.run(['plan', '--state', wrong]));
    expect(runs[6]?.stderr).toContain('password authentication failed');
    expect(runs[6]?.stderr).not.toContain('Wr0ng-Secret');
    const texts = [
      ...runs.flatMap((r) => [r.stdout, r.stderr]),
      readFileSync(join(h.dir, 'audit.jsonl'), 'utf8'),
      readFileSync(join(h.dir, 'saved.json'), 'utf8'),
    ];
    for (const text of texts) expect(text).not.toContain(secret);
    expect(runs[2]?.stdout).toContain('web-chat/user_123456');
  }, 180_000);
});

// The HTTP client against a minimal keep-alive node:http client, both talking to the same emulator
// (its own process, 20 ms latency) in the same run:
// - apply: `mai-contacts apply` of N creates at parallelism P (CLI wall time minus the same CLI's
//   offline plan, i.e. start-up and config), against the minimal client POSTing the same bodies;
// - client CPU per applied change (the CLI's CPU minus the offline plan's, over N);
// - both again with the PostgreSQL state (a private cluster), each against its own minimal-client run;
// - refresh: the client's listContacts of every bench inbox, against the minimal client fetching the
//   same pages with the same parallelism.
// `benchNet({ creates, contacts, latencyMs, parallelism, outDir, log })` returns metric rows
// {name, measured, target, ok}; bench/run.js prints them with the rest.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createClient } from '../dist/api/client.js';
import { createResolver } from '../dist/resolve/resolve-contacts.js';
import { loadConfig } from '../dist/config/load-config.js';
import { INBOXES, writeConfig } from './generate-config.js';
import { ROOT, startEmulatorProcess } from './measure.js';
import { benchPostgres } from './pg-server.js';

const BIN = join(ROOT, 'bin', 'mai-contacts.js');
const CPU_PRELOAD = new URL('./cpu-usage.js', import.meta.url).href;
const inboxId = (i) => `00000001-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`;

/** A minimal keep-alive node:http client: method, url, body text -> {status, text}. */
function minimalClient(parallelism) {
  const agent = new Agent({ keepAlive: true, maxSockets: parallelism });
  const send = (method, url, headers, text) =>
    new Promise((resolve, reject) => {
      const h = { ...headers };
      if (text !== undefined) h['content-length'] = Buffer.byteLength(text);
      const req = request(url, { method, agent, headers: h }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', reject);
      req.end(text);
    });
  return { send, close: () => agent.destroy() };
}

async function pool(items, parallelism, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: parallelism }, worker));
}

/** The CLI's wall ms and CPU ms (its CPU time written to a file in `outDir` as it exits). */
function runCli(args, env, outDir) {
  const cpuFile = join(outDir, `cpu-${process.pid}-${Math.random().toString(16).slice(2)}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_PRELOAD, BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', BENCH_CPU_FILE: cpuFile, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let cpuMs = NaN;
      try {
        cpuMs = Number(readFileSync(cpuFile, 'utf8'));
      } catch {
        // died before writing it
      }
      rmSync(cpuFile, { force: true });
      resolve({ ms, cpuMs, code, stderr });
    });
  });
}

/** The resolved bodies of the config (what apply POSTs). */
async function bodiesOf(file) {
  const loaded = await loadConfig([file]);
  return createResolver(loaded.config.value)
    .contacts()
    .map((c) => c.body);
}

/**
 * `freshState()`: a new place for the CLI's state on each run (default a fresh file in outDir; a new
 * PostgreSQL schema for the PostgreSQL rows), `env` what it needs for it (PGPASSWORD). Each side is the
 * best of `repeats` runs, taken in turns (minimal client, CLI, again), so that drift of the machine hits
 * both; each run starts from a fresh emulator and a fresh state.
 */
export async function benchNetApply({
  creates,
  latencyMs,
  parallelism,
  outDir,
  log,
  freshState,
  env: stateEnv = {},
  repeats = 1,
}) {
  const file = join(outDir, `net-apply-${creates}.yaml`);
  writeConfig(file, creates);
  const bodies = await bodiesOf(file);
  let best;
  for (let i = 0; i < repeats; i++) {
    const run = await netApplyOnce({
      file,
      bodies,
      creates,
      latencyMs,
      parallelism,
      outDir,
      freshState,
      stateEnv,
    });
    if (!best) best = run;
    else
      for (const key of Object.keys(best))
        if (typeof best[key] === 'number') best[key] = Math.min(best[key], run[key]);
  }
  const { backend, minimalMs, apply, offline, applyCpu, offlineCpu } = best;
  const applyMs = apply - offline;
  const cpuPerChange = (applyCpu - offlineCpu) / creates;
  log(
    `net apply ×${creates} at ${parallelism}, ${backend} state: CLI ${apply.toFixed(0)} ms (offline plan ${offline.toFixed(0)}), minimal ${minimalMs.toFixed(0)} ms, CPU ${cpuPerChange.toFixed(2)} ms/change (best of ${repeats})`,
  );
  return {
    backend,
    creates,
    parallelism,
    latencyMs,
    minimalMs,
    applyMs,
    cliMs: apply,
    offlineMs: offline,
    cpuPerChange,
  };
}

/** One run of each side: wall and CPU ms of the minimal client, the CLI's offline plan and its apply. */
async function netApplyOnce({ file, bodies, creates, latencyMs, parallelism, outDir, freshState, stateEnv }) {
  // the minimal client: the same POSTs to a fresh emulator
  let emulator = await startEmulatorProcess({ latencyMs, config: file });
  let minimalMs;
  try {
    const url = new URL(`${emulator.url}/contacts/`);
    const headers = {
      authorization: `Api-Key ${emulator.apiKey}`,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    const client = minimalClient(parallelism);
    const started = performance.now();
    await pool(bodies, parallelism, async (body) => {
      const { status } = await client.send('POST', url, headers, JSON.stringify(body));
      if (status !== 201) throw new Error(`minimal client: HTTP ${status}`);
    });
    minimalMs = performance.now() - started;
    client.close();
  } finally {
    await emulator.close();
  }

  // the CLI: offline plan (start-up + config) and apply
  const state = freshState?.() ?? join(outDir, `net-apply-${creates}.state.json`);
  const backend = freshState === undefined ? 'file' : 'postgres';
  const removeFile = () => {
    if (backend !== 'file') return;
    rmSync(state, { force: true });
    rmSync(`${state}.journal`, { force: true });
  };
  removeFile();
  // A PostgreSQL state's first use creates its schema: done once before, so that neither the offline
  // plan nor the apply below pays for it.
  if (backend === 'postgres')
    await runCli(
      ['plan', '-c', file, '--state', state, '--no-refresh', '--format', 'json'],
      stateEnv,
      outDir,
    );
  const offline = await runCli(
    ['plan', '-c', file, '--state', state, '--no-refresh', '--format', 'json'],
    stateEnv,
    outDir,
  );
  if (offline.code !== 0) throw new Error(`offline plan failed (exit ${offline.code}): ${offline.stderr}`);
  emulator = await startEmulatorProcess({ latencyMs, config: file });
  let apply;
  try {
    const env = { ...stateEnv, MAIAGENT_API_URL: emulator.url, MAIAGENT_API_KEY: emulator.apiKey };
    apply = await runCli(
      ['apply', '-c', file, '--state', state, '--auto-approve', '--parallelism', String(parallelism)],
      env,
      outDir,
    );
    const stats = await emulator.stats();
    if (apply.code !== 0) throw new Error(`apply failed (exit ${apply.code}): ${apply.stderr}`);
    if (stats.contacts !== creates) throw new Error(`apply left ${stats.contacts} contacts, not ${creates}`);
  } finally {
    await emulator.close();
    removeFile();
  }
  return {
    backend,
    minimalMs,
    apply: apply.ms,
    offline: offline.ms,
    applyCpu: apply.cpuMs,
    offlineCpu: offline.cpuMs,
  };
}

export async function benchNetRefresh({ contacts, latencyMs, parallelism, outDir, log }) {
  const file = join(outDir, `net-refresh-${contacts}.yaml`);
  writeConfig(file, contacts);
  const emulator = await startEmulatorProcess({ latencyMs, config: file, live: true });
  try {
    const headers = { authorization: `Api-Key ${emulator.apiKey}`, accept: 'application/json' };
    // the minimal client: page 1 for the count, then every other page, `parallelism` at once
    const minimal = minimalClient(parallelism);
    let started = performance.now();
    let minimalFound = 0;
    for (let i = 0; i < INBOXES.length; i++) {
      const page = (p) => new URL(`${emulator.url}/contacts/?inboxes=${inboxId(i)}&pageSize=100&page=${p}`);
      const first = JSON.parse((await minimal.send('GET', page(1), headers)).text);
      minimalFound += first.results.length;
      const rest = Array.from({ length: Math.ceil(first.count / 100) - 1 }, (_, k) => k + 2);
      await pool(rest, parallelism, async (p) => {
        const { results } = JSON.parse((await minimal.send('GET', page(p), headers)).text);
        minimalFound += results.length;
      });
    }
    const minimalMs = performance.now() - started;
    minimal.close();

    const client = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey, concurrency: parallelism });
    started = performance.now();
    let found = 0;
    for (let i = 0; i < INBOXES.length; i++) found += (await client.listContacts(inboxId(i))).length;
    const clientMs = performance.now() - started;
    await client.close();
    if (found !== contacts || minimalFound !== contacts)
      throw new Error(`listed ${found} / ${minimalFound} contacts, expected ${contacts}`);
    log(`net refresh ${contacts}: client ${clientMs.toFixed(0)} ms, minimal ${minimalMs.toFixed(0)} ms`);
    return { contacts, latencyMs, parallelism, clientMs, minimalMs };
  } finally {
    await emulator.close();
  }
}

/** Metric rows for bench/run.js; each apply side the best of `repeats` (3, 1 in the smoke pass). */
export async function benchNet({ smoke, outDir, log, repeats = smoke ? 1 : 3 }) {
  const apply = await benchNetApply({
    creates: smoke ? 50 : 2000,
    latencyMs: 20,
    parallelism: 16,
    outDir,
    log,
    repeats,
  });
  // The same apply with the PostgreSQL state (a private cluster), against its own minimal-client run.
  let postgres;
  const cluster = await benchPostgres();
  if (cluster) {
    try {
      postgres = await benchNetApply({
        creates: smoke ? 50 : 2000,
        latencyMs: 20,
        parallelism: 16,
        outDir,
        log,
        // A schema of its own per run: each apply starts from an empty state.
        freshState: (() => {
          let n = 0;
          return () => cluster.stateUrl(`net${++n}`);
        })(),
        env: { PGPASSWORD: cluster.password },
        repeats,
      });
    } finally {
      await cluster.stop();
    }
  }
  const refresh = await benchNetRefresh({
    contacts: smoke ? 1000 : 100_000,
    latencyMs: 20,
    parallelism: 8,
    outDir,
    log,
  });
  const refreshRatio = refresh.clientMs / refresh.minimalMs;
  const applyRows = (run, suffix) => {
    const ratio = run.minimalMs / run.applyMs;
    return [
      {
        name: `apply ${run.creates} creates at ${run.parallelism}, 20 ms latency${suffix} / minimal node:http client`,
        measured: `${ratio.toFixed(2)}× speed (${run.applyMs.toFixed(0)} vs ${run.minimalMs.toFixed(0)} ms)`,
        target: '≥ 0.90×',
        ok: ratio >= 0.9,
      },
      {
        name: `apply client CPU per change${suffix}`,
        measured: `${run.cpuPerChange.toFixed(2)} ms`,
        target: '≤ 1 ms',
        ok: run.cpuPerChange <= 1,
      },
    ];
  };
  const rows = [
    ...applyRows(apply, ''),
    ...(postgres
      ? applyRows(postgres, ', postgres state')
      : [
          {
            name: 'apply with postgres state / minimal node:http client',
            measured: 'n/a: no PostgreSQL binaries',
            target: '≥ 0.90×',
            ok: undefined,
          },
        ]),
    {
      name: `refresh ${refresh.contacts} contacts, 20 ms latency / minimal node:http client`,
      measured: `${refreshRatio.toFixed(2)}× time (${refresh.clientMs.toFixed(0)} vs ${refresh.minimalMs.toFixed(0)} ms)`,
      target: '≤ 1.20×',
      ok: refreshRatio <= 1.2,
    },
  ];
  return { apply, postgres, refresh, rows };
}

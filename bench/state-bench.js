// The state backends side by side (file and PostgreSQL): how long a plan takes to load a large state,
// and apply's throughput with each (the two take turns, best of 2). PostgreSQL runs in a private
// cluster with the server's default durability, fsync on (bench/pg-server.js). Used by run.js
// (`--only state`).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeConfig } from './generate-config.js';
import { best, ROOT, runCli, startEmulatorProcess } from './measure.js';
import { benchPostgres } from './pg-server.js';

const dist = (path) => import(join(ROOT, 'dist', path));

/** Records every contact of `configFile` in the state at `location`, as if apply had created them. */
async function fillState(location, configFile) {
  const [{ loadConfig }, { createResolver }, { openState }, { identityKey }, { digestBody }] =
    await Promise.all([
      dist('config/load-config.js'),
      dist('resolve/resolve-contacts.js'),
      dist('state/open-state.js'),
      dist('resolve/identity.js'),
      dist('resolve/canonical-body.js'),
    ]);
  const { config } = await loadConfig([configFile]);
  const entries = [];
  for (const c of createResolver(config.value).contacts()) {
    entries.push({
      identity: identityKey(c.inboxId, c.sourceId),
      inbox: c.inboxId.toLowerCase(),
      source_id: c.sourceId,
      address: c.address,
      contact_id: `id-${c.sourceId}`,
      tier: c.tier ?? null,
      body: c.body,
      digest: digestBody(c.body),
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-02T00:00:00.000Z',
    });
  }
  const store = await openState(location, { lock: true, command: 'bench' });
  await store.copyFrom({ lineage: 'bench', serial: 1, entries });
  await store.close();
  return entries.length;
}

/** `apply` of `applyFile` (every contact a create) against a fresh emulator; wall ms. */
async function timeApply(applyFile, location, { latencyMs, parallelism, env }) {
  const emulator = await startEmulatorProcess({ latencyMs, config: applyFile });
  try {
    const run = await runCli(
      ['apply', '-c', applyFile, '--state', location, '--auto-approve', '--parallelism', String(parallelism)],
      { env: { ...env, MAIAGENT_API_URL: emulator.url, MAIAGENT_API_KEY: emulator.apiKey } },
    );
    if (run.code !== 0) throw new Error(`apply on ${location} failed: ${run.stderr}`);
    return run.ms;
  } finally {
    await emulator.close();
  }
}

/**
 * `--smoke`: 1,000 contacts loaded and 50 creates applied, once each, no plan runs, not judged. Otherwise 100,000 contacts (load:
 * best of 3, plan: best of 2) and `apply.creates` creates, the two backends taking turns (best of 2 each)
 * so that a busy machine slows both alike.
 */
export async function benchStateBackends({ smoke, apply, outDir, log, metric }) {
  const contacts = smoke ? 1000 : 100_000;
  const { creates, latencyMs, parallelism } = apply;
  const cluster = await benchPostgres();
  if (!cluster) {
    metric('state load, postgres / file', 'n/a: no PostgreSQL binaries', '≤ 1.50×', undefined);
    return undefined;
  }
  const env = { PGPASSWORD: cluster.password };
  process.env.PGPASSWORD = cluster.password;
  const { openState } = await dist('state/open-state.js');
  try {
    const configFile = join(outDir, `contacts-${contacts}.yaml`);
    writeConfig(configFile, contacts);
    const backends = {
      file: join(outDir, `state-bench-${contacts}.state.json`),
      postgres: cluster.stateUrl('load'),
    };
    const rows = {};
    for (const [name, location] of Object.entries(backends)) {
      const filled = await fillState(location, configFile);
      const loadMs = await best(smoke ? 1 : 3, async () => {
        const store = await openState(location, { lock: false });
        if (store.size !== filled) throw new Error(`${name}: loaded ${store.size} of ${filled}`);
        await store.close();
      });
      // The plan rows spawn the CLI twice per backend: left to the full run.
      let planMs = smoke ? NaN : Infinity;
      for (let i = 0; i < (smoke ? 0 : 2); i++) {
        const run = await runCli(['plan', '-c', configFile, '--state', location, '--no-refresh'], { env });
        if (run.code !== 0) throw new Error(`plan on ${name} state failed: ${run.stderr}`);
        planMs = Math.min(planMs, run.ms);
      }
      log(
        `state ${name}: load ${contacts} in ${loadMs.toFixed(0)} ms; ${smoke ? 'no plan run (smoke)' : `plan --no-refresh ${planMs.toFixed(0)} ms`}`,
      );
      rows[name] = { loadMs, planMs };
    }
    for (const suffix of ['', '.journal']) rmSync(`${backends.file}${suffix}`, { force: true });
    const loadRatio = rows.postgres.loadMs / rows.file.loadMs;
    metric(
      `state load ${contacts}, postgres / file`,
      `${loadRatio.toFixed(2)}× (${rows.postgres.loadMs.toFixed(0)} / ${rows.file.loadMs.toFixed(0)} ms)`,
      '≤ 1.50×',
      loadRatio <= 1.5,
    );
    const planRatio = rows.postgres.planMs / rows.file.planMs;
    if (!smoke)
      metric(
        `plan --no-refresh ${contacts}, postgres / file state`,
        `${planRatio.toFixed(2)}× (${rows.postgres.planMs.toFixed(0)} / ${rows.file.planMs.toFixed(0)} ms)`,
        '≤ 1.50×',
        planRatio <= 1.5,
      );

    const applyFile = join(outDir, `contacts-${creates}.yaml`);
    writeConfig(applyFile, creates);
    const idealRps = (parallelism / latencyMs) * 1000;
    const applyMs = { file: Infinity, postgres: Infinity };
    for (let round = 0; round < (smoke ? 1 : 2); round++) {
      for (const name of ['file', 'postgres']) {
        const location =
          name === 'file'
            ? join(outDir, `state-bench-apply-${round}.state.json`)
            : cluster.stateUrl(`apply_${round}`);
        const ms = await timeApply(applyFile, location, { latencyMs, parallelism, env });
        if (name === 'file')
          for (const suffix of ['', '.journal']) rmSync(`${location}${suffix}`, { force: true });
        log(
          `apply ${creates} creates on ${name} state: ${ms.toFixed(0)} ms, ${((creates / ms) * 1000).toFixed(0)}/s`,
        );
        applyMs[name] = Math.min(applyMs[name], ms);
      }
    }
    rows.apply = {};
    for (const name of ['file', 'postgres']) {
      const rps = (creates / applyMs[name]) * 1000;
      rows.apply[name] = { ms: applyMs[name], rps };
      metric(
        `apply --parallelism ${parallelism}, ${creates} creates, ${latencyMs} ms latency, ${name} state: share of ideal`,
        `${((rps / idealRps) * 100).toFixed(0)} % (${rps.toFixed(0)} of ${idealRps.toFixed(0)} /s)`,
        '≥ 70 %',
        rps / idealRps >= 0.7,
      );
    }
    const applyRatio = rows.apply.postgres.rps / rows.apply.file.rps;
    metric(
      `apply ${creates} creates, postgres / file state throughput`,
      `${applyRatio.toFixed(2)}× (${rows.apply.postgres.rps.toFixed(0)} / ${rows.apply.file.rps.toFixed(0)} /s)`,
      '≥ 0.90×',
      applyRatio >= 0.9,
    );
    return rows;
  } finally {
    await cluster.stop();
  }
}

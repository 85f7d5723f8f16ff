// The state backends side by side (file and PostgreSQL): how long a plan takes to load a large state,
// and apply's throughput with each. PostgreSQL runs in a private cluster (scripts/pg-cluster.js) with the
// server's default durability (fsync on). Used by run.js (`--only state`).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgresBin, startCluster } from '../scripts/pg-cluster.js';
import { writeConfig } from './generate-config.js';
import { best, ROOT, runCli, startEmulatorProcess } from './measure.js';

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

export async function benchStateBackends({ smoke, apply, outDir, log, metric }) {
  const contacts = 100_000;
  const { creates, latencyMs, parallelism } = apply;
  if (smoke) {
    // The smoke run stays short; the state tests exercise both backends.
    metric('state load, postgres / file', 'n/a (smoke)', '≤ 1.50×', undefined);
    return undefined;
  }
  if (!findPostgresBin()) {
    metric('state load, postgres / file', 'n/a: no PostgreSQL binaries', '≤ 1.50×', undefined);
    return undefined;
  }
  const cluster = await startCluster();
  const env = { PGPASSWORD: cluster.password };
  process.env.PGPASSWORD = cluster.password;
  const { openState } = await dist('state/open-state.js');
  try {
    const configFile = join(outDir, `contacts-${contacts}.yaml`);
    writeConfig(configFile, contacts);
    const backends = {
      file: join(outDir, `state-bench-${contacts}.state.json`),
      postgres: `${cluster.url}?schema=bench_load`,
    };
    const rows = {};
    for (const [name, location] of Object.entries(backends)) {
      const filled = await fillState(location, configFile);
      const loadMs = await best(3, async () => {
        const store = await openState(location, { lock: false });
        if (store.size !== filled) throw new Error(`${name}: loaded ${store.size} of ${filled}`);
        await store.close();
      });
      let planMs = Infinity;
      for (let i = 0; i < 2; i++) {
        const run = await runCli(['plan', '-c', configFile, '--state', location, '--no-refresh'], { env });
        if (run.code !== 0) throw new Error(`plan on ${name} state failed: ${run.stderr}`);
        planMs = Math.min(planMs, run.ms);
      }
      log(
        `state ${name}: load ${contacts} in ${loadMs.toFixed(0)} ms; plan --no-refresh ${planMs.toFixed(0)} ms`,
      );
      rows[name] = { loadMs, planMs };
    }
    rmSync(backends.file, { force: true });
    const loadRatio = rows.postgres.loadMs / rows.file.loadMs;
    metric(
      `state load ${contacts}, postgres / file`,
      `${loadRatio.toFixed(2)}× (${rows.postgres.loadMs.toFixed(0)} / ${rows.file.loadMs.toFixed(0)} ms)`,
      '≤ 1.50×',
      loadRatio <= 1.5,
    );
    const planRatio = rows.postgres.planMs / rows.file.planMs;
    metric(
      `plan --no-refresh ${contacts}, postgres / file state`,
      `${planRatio.toFixed(2)}× (${rows.postgres.planMs.toFixed(0)} / ${rows.file.planMs.toFixed(0)} ms)`,
      '≤ 1.50×',
      planRatio <= 1.5,
    );

    const applyFile = join(outDir, `contacts-${creates}.yaml`);
    writeConfig(applyFile, creates);
    const idealRps = (parallelism / latencyMs) * 1000;
    rows.apply = {};
    for (const [name, location] of Object.entries({
      file: join(outDir, 'state-bench-apply.state.json'),
      postgres: `${cluster.url}?schema=bench_apply`,
    })) {
      const emulator = await startEmulatorProcess({ latencyMs, config: applyFile });
      try {
        const run = await runCli(
          [
            'apply',
            '-c',
            applyFile,
            '--state',
            location,
            '--auto-approve',
            '--parallelism',
            String(parallelism),
          ],
          { env: { ...env, MAIAGENT_API_URL: emulator.url, MAIAGENT_API_KEY: emulator.apiKey } },
        );
        if (run.code !== 0) throw new Error(`apply on ${name} state failed: ${run.stderr}`);
        const rps = (creates / run.ms) * 1000;
        log(`apply ${creates} creates on ${name} state: ${run.ms.toFixed(0)} ms, ${rps.toFixed(0)}/s`);
        rows.apply[name] = { ms: run.ms, rps };
        metric(
          `apply --parallelism ${parallelism}, ${creates} creates, ${latencyMs} ms latency, ${name} state: share of ideal`,
          `${((rps / idealRps) * 100).toFixed(0)} % (${rps.toFixed(0)} of ${idealRps.toFixed(0)} /s)`,
          '≥ 70 %',
          rps / idealRps >= 0.7,
        );
      } finally {
        await emulator.close();
        if (name === 'file') {
          for (const suffix of ['', '.journal']) rmSync(`${location}${suffix}`, { force: true });
        }
      }
    }
    return rows;
  } finally {
    cluster.stop();
  }
}

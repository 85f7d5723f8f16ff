// §7 refresh and apply, against the emulator in its own process (with latency), at two levels:
// the API client alone (listContacts, createContact), and the CLI (`plan` with an API key, `apply`)
// when this build has them. The ideals: refresh = ceil(pages / parallelism) × latency; apply =
// parallelism / latency requests per second.
import { join } from 'node:path';
import { createClient } from '../dist/api/client.js';
import { INBOXES, writeConfig } from './generate-config.js';
import { cliHasFlag, inTurns, runCli, startEmulatorProcess } from './measure.js';

const PAGE_SIZE = 100; // the client's page size and the emulator's largest (DRF's max_page_size)
const inboxId = (i) => `00000001-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`;

/** Lists every contact of the bench's inboxes with the client: wall ms, pages fetched, the ideal. */
export async function benchClientRefresh({ contacts, latencyMs, parallelism, outDir, log }) {
  const file = join(outDir, `contacts-${contacts}.yaml`);
  writeConfig(file, contacts);
  const emulator = await startEmulatorProcess({ latencyMs, config: file, live: true });
  try {
    const client = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey, concurrency: parallelism });
    const before = await emulator.stats();
    const started = performance.now();
    // All inboxes at once, sharing one bound of `parallelism` pages in flight would need a shared pool;
    // the client bounds each listing, so the inboxes are listed one after another.
    let found = 0;
    for (let i = 0; i < INBOXES.length; i++) found += (await client.listContacts(inboxId(i))).length;
    const ms = performance.now() - started;
    const after = await emulator.stats();
    const pages = after.requests - before.requests;
    const idealMs = Math.ceil(pages / parallelism) * latencyMs;
    log(`client refresh ${found} contacts: ${ms.toFixed(0)} ms, ${pages} pages, ideal ${idealMs} ms`);
    if (found !== contacts) throw new Error(`listed ${found} contacts, expected ${contacts}`);
    return { contacts, latencyMs, parallelism, pages, ms, idealMs, maxInFlight: after.maxInFlight };
  } finally {
    await emulator.close();
  }
}

/** `creates` createContact calls with `parallelism` in flight: requests per second against the ideal. */
export async function benchClientCreate({ creates, latencyMs, parallelism, log }) {
  const emulator = await startEmulatorProcess({ latencyMs });
  try {
    // As many connections as callers: the client's default (8) would cap 16 callers at 8 in flight.
    const client = createClient({ baseUrl: emulator.url, apiKey: emulator.apiKey, concurrency: parallelism });
    let next = 0;
    const worker = async () => {
      while (next < creates) {
        const i = next++;
        await client.createContact({
          name: `Member ${i}`,
          source_id: `bench-${parallelism}-${i}`,
          inbox: inboxId(i % INBOXES.length),
          query_metadata: { knowledge_bases: [] },
        });
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: parallelism }, worker));
    const ms = performance.now() - started;
    const rps = (creates / ms) * 1000;
    const idealRps = (parallelism / latencyMs) * 1000;
    log(`client create ×${creates} at ${parallelism}: ${ms.toFixed(0)} ms, ${rps.toFixed(0)}/s`);
    return { creates, latencyMs, parallelism, ms, rps, idealRps };
  } finally {
    await emulator.close();
  }
}

/**
 * `plan` with an API key over `contacts` live contacts, less the same plan offline: each the best of
 * `repeats` runs, taken in turns (offline, refresh, again); undefined when this build does not refresh.
 */
export async function benchCliRefresh({ contacts, latencyMs, parallelism, outDir, log, repeats = 1 }) {
  const file = join(outDir, `contacts-${contacts}.yaml`);
  writeConfig(file, contacts);
  const flags = (await cliHasFlag('plan', '--parallelism')) ? ['--parallelism', String(parallelism)] : [];
  const args = ['plan', '-c', file, '--state', join(outDir, 'none.state.json'), '--format', 'json', ...flags];
  const emulator = await startEmulatorProcess({ latencyMs, config: file, live: true });
  try {
    const env = { MAIAGENT_API_URL: emulator.url, MAIAGENT_API_KEY: emulator.apiKey };
    let gets = 0;
    let refreshed = true;
    const { a: offline, b: run } = await inTurns(
      repeats,
      () => runCli([...args, '--no-refresh']),
      async () => {
        const before = await emulator.stats();
        const next = await runCli(args, { env });
        const after = await emulator.stats();
        gets = (after.byMethod.GET ?? 0) - (before.byMethod.GET ?? 0);
        if (gets < INBOXES.length)
          refreshed = false; // the plan did not read MaiAgent
        else if (next.code !== 0 && next.code !== 2)
          throw new Error(`plan with refresh failed: ${next.stderr}`);
        return next;
      },
    );
    if (!refreshed) return undefined;
    const pages = INBOXES.reduce((n, _, i) => n + Math.ceil(countIn(contacts, i) / PAGE_SIZE), 0);
    const ms = run.ms - offline.ms;
    const idealMs = Math.ceil(pages / parallelism) * latencyMs;
    log(`cli refresh: ${run.ms.toFixed(0)} ms (offline ${offline.ms.toFixed(0)}), ${gets} GETs`);
    return {
      contacts,
      latencyMs,
      parallelism,
      pages,
      gets,
      ms,
      idealMs,
      planMs: run.ms,
      offlineMs: offline.ms,
    };
  } finally {
    await emulator.close();
  }
}

/** `apply` of `creates` new contacts at `parallelism` and at 1; undefined when this build has no apply. */
export async function benchCliApply({ creates, latencyMs, parallelism, outDir, log }) {
  if (!(await cliHasFlag('apply', '--parallelism'))) return undefined;
  const file = join(outDir, `contacts-${creates}.yaml`);
  writeConfig(file, creates);
  const once = async (p) => {
    const emulator = await startEmulatorProcess({ latencyMs, config: file });
    const state = join(outDir, `apply-${p}.state.json`);
    try {
      const env = { MAIAGENT_API_URL: emulator.url, MAIAGENT_API_KEY: emulator.apiKey };
      const run = await runCli(
        ['apply', '-c', file, '--state', state, '--auto-approve', '--parallelism', String(p)],
        { env },
      );
      const stats = await emulator.stats();
      if (run.code !== 0) throw new Error(`apply failed (exit ${run.code}): ${run.stderr}`);
      if (stats.contacts !== creates)
        throw new Error(`apply left ${stats.contacts} contacts, not ${creates}`);
      const rps = (creates / run.ms) * 1000;
      log(`cli apply ×${creates} at ${p}: ${run.ms.toFixed(0)} ms, ${rps.toFixed(0)}/s`);
      return { parallelism: p, ms: run.ms, rps, maxInFlight: stats.maxInFlight };
    } finally {
      await emulator.close();
      await import('node:fs').then((fs) => fs.rmSync(state, { force: true }));
    }
  };
  const fast = await once(parallelism);
  const serial = await once(1);
  return { creates, latencyMs, idealRps: (parallelism / latencyMs) * 1000, fast, serial };
}

/** Contacts of the generated config in inbox `i` (generate-config assigns inboxes round-robin). */
function countIn(contacts, i) {
  return Math.floor(contacts / INBOXES.length) + (i < contacts % INBOXES.length ? 1 : 0);
}

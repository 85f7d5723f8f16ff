// Issue target: `plan --no-refresh` of a 1,000,000-row CSV roster (six tiers, three inboxes) in at most
// 3x the time csv-parse alone needs to read the same file, measured in the same run; peak RSS <= 1.5 GB;
// a 1 % roster change planned as exactly those updates; with the file state and with the PostgreSQL
// state, each seeded in bulk with the unchanged roster through the state store (seedState).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ROOT } from './measure.js';
import { benchPostgres } from './pg-server.js';

const PRELOAD = new URL('./roster-rusage.js', import.meta.url).href;

const hex = (n, width) => n.toString(16).padStart(width, '0');
const uuid = (kind, n) => `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;
export const ROSTER_INBOXES = ['web-chat', 'line-oa', 'app'];
export const LEVELS = {
  TRIAL: 'trial',
  BASIC: 'basic',
  SILVER: 'silver',
  GOLD: 'gold',
  PLATINUM: 'platinum',
  STAFF: 'staff',
};
const LEVEL_NAMES = Object.keys(LEVELS);

export function rosterConfig() {
  const lines = ['version: 1', 'inboxes:'];
  ROSTER_INBOXES.forEach((alias, i) => lines.push(`  ${alias}: ${uuid(1, i + 1)}`));
  lines.push('labels:');
  for (let i = 1; i <= 6; i++) lines.push(`  label-${i}: ${uuid(2, i)}`);
  lines.push('knowledge_bases:');
  for (let k = 1; k <= 3; k++) {
    lines.push(`  kb-${k}:`, `    id: ${uuid(3, k)}`, '    files:');
    for (let f = 1; f <= 4; f++) lines.push(`      file-${f}: ${uuid(4, k * 100 + f)}`);
  }
  lines.push('tiers:');
  Object.values(LEVELS).forEach((tier, t) => {
    lines.push(`  ${tier}:`);
    if (t > 0 && t < 5) lines.push(`    extends: ${Object.values(LEVELS)[t - 1]}`);
    lines.push(`    labels: label-${t + 1}`, '    knowledge_bases:');
    lines.push(`      - { kb: kb-${(t % 3) + 1}, files: [file-1, file-${(t % 4) + 1}] }`);
  });
  lines.push(
    'rosters:',
    '  - csv: members.csv',
    '    columns: { source_id: member_id, name: display_name, inbox: channel, tier: level }',
    `    tier_map: { ${Object.entries(LEVELS)
      .map(([l, t]) => `${l}: ${t}`)
      .join(', ')} }`,
  );
  return `${lines.join('\n')}\n`;
}

/** The level of row `i`; with `changed`, every hundredth row (1 %) moves to the next level. */
const levelOf = (i, changed) => LEVEL_NAMES[(i * 7 + (changed && i % 100 === 42 ? 1 : 0)) % 6];

export function writeRoster(dir, rows, { changed = false } = {}) {
  writeFileSync(join(dir, 'contacts.yaml'), rosterConfig());
  const parts = ['member_id,display_name,channel,level\n'];
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const name = i % 1000 === 3 ? `"Member ${i}, ""quoted"""` : `Member ${i}`;
    chunk += `m${hex(i, 7)},${name},${ROSTER_INBOXES[i % 3]},${levelOf(i, changed)}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  writeFileSync(join(dir, 'members.csv'), parts.join(''));
  return rows === 0 ? 0 : Math.floor((rows - 43) / 100) + 1;
}

const CSV_READ = new URL('./csv-parse-read.js', import.meta.url).pathname;

/**
 * csv-parse alone reading the file once (bench/csv-parse-read.js), in its own process as the plan is:
 * wall and CPU ms.
 */
export async function csvParseMs(file) {
  const run = await runNode([CSV_READ, file], '/dev/null');
  if (run.code !== 0) throw new Error(`csv-parse of ${file} failed (exit ${run.code}): ${run.stderr}`);
  return { ms: run.ms, cpuMs: run.cpuMs };
}

/**
 * Seeds the state at `location` (a file path or a postgres:// URL) with the roster in `dir` as applied:
 * every contact resolved, made an entry by the state module (`entryFromInput`), and written in one go
 * through the store's own bulk path, `copyFrom`: the file backend writes the state file once (as a
 * commit does), the PostgreSQL one inserts 5,000 rows a statement (multi-row `INSERT … SELECT FROM
 * unnest(…)`) in one transaction. Recording a million changes one by one through the journal, as an
 * apply would, takes far longer than the plan being measured.
 */
export async function seedState(dir, location) {
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
  const { loadConfig } = await dist('config/load-config.js');
  const { createResolver } = await dist('resolve/resolve-contacts.js');
  const { openState } = await dist('state/open-state.js');
  const { entryFromInput } = await dist('state/entry-index.js');
  const loaded = await loadConfig([join(dir, 'contacts.yaml')]);
  if (!loaded.config) throw new Error('the bench roster does not load');
  const resolver = createResolver(loaded.config.value);
  let n = 0;
  function* entries() {
    for (const c of resolver.contacts()) {
      n += 1;
      yield entryFromInput(
        {
          inbox: c.inboxId,
          source_id: c.sourceId,
          address: c.address,
          contact_id: uuid(9, n),
          tier: c.tier ?? null,
          body: c.body,
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:00:00.000Z',
        },
        undefined,
      );
    }
  }
  const store = await openState(location, { lock: true, command: 'bench' });
  try {
    await store.copyFrom({ lineage: 'bench-roster', serial: 1, entries: entries() });
    return n;
  } finally {
    await store.close();
  }
}

/** `mai-contacts ...args` with stdout into `file`: wall ms, CPU ms, peak RSS, exit code. */
function runPlan(args, file, env) {
  return runNode([join(ROOT, 'bin', 'mai-contacts.js'), ...args], file, env);
}

/** `node ...args` (rusage preloaded) with stdout into `file`: wall ms, CPU ms, peak RSS, exit code. */
function runNode(args, file, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mai-bench-'));
  const rssFile = join(dir, 'rss');
  const fd = openSync(file, 'w');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', PRELOAD, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', BENCH_RUSAGE_FILE: rssFile, ...env },
      stdio: ['ignore', fd, 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      closeSync(fd);
      const { peakRss, cpuMs } = JSON.parse(readFileSync(rssFile, 'utf8'));
      rmSync(dir, { recursive: true, force: true });
      resolve({ ms, peakRss, cpuMs, code, stderr });
    });
  });
}

const isUrl = (location) => /^postgres(ql)?:\/\//.test(location);

/**
 * A PostgreSQL state just seeded in bulk, brought to the condition of one in use: vacuumed and analyzed,
 * as autovacuum does within a minute or so of a million rows written. Otherwise the timed plans share
 * the two cores with autovacuum's pass over the new table (or are the first reader, who sets the rows'
 * hint bits), which is the cost of the bulk write, not of reading a state.
 */
async function settle(location) {
  const url = new URL(location);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.search = '';
  const client = new pg.Client({ connectionString: url.href, password: process.env.PGPASSWORD ?? '' });
  await client.connect();
  try {
    await client.query(`VACUUM (ANALYZE) "${schema.replaceAll('"', '""')}".contacts`);
  } finally {
    await client.end();
  }
}

/**
 * Timed: `plan --no-refresh` of the changed roster against each state in `states` (`{ label, location,
 * env }`), each seeded with the unchanged roster, and csv-parse reading the changed file, in the same run:
 * each the best of `repeats` runs taken in turns, its peak memory the highest. Checks that every plan
 * shows exactly the changed rows as updates.
 */
export async function benchRoster({ rows, outDir, log, states, repeats = 3 }) {
  const dir = join(outDir, 'roster');
  mkdirSync(dir, { recursive: true });
  writeRoster(dir, rows);
  for (const { label, location } of states) {
    if (!isUrl(location))
      for (const suffix of ['', '.journal']) rmSync(`${location}${suffix}`, { force: true });
    const started = performance.now();
    const seeded = await seedState(dir, location);
    if (isUrl(location)) await settle(location);
    log(
      `roster ${rows} (${label}): state seeded with ${seeded} contacts in ${(performance.now() - started).toFixed(0)} ms`,
    );
  }
  const changed = writeRoster(dir, rows, { changed: true });
  // Taken in turns (csv-parse, then each state's plan, again), so that drift of the machine hits all.
  let csv;
  const best = states.map(() => ({ run: undefined, peakRss: 0, exact: true, updates: 0 }));
  // The text plan (the default format) goes to a file: its `~ address: update` lines are checked.
  const planText = join(outDir, 'roster-plan.txt');
  for (let i = 0; i < repeats; i++) {
    const read = await csvParseMs(join(dir, 'members.csv'));
    if (!csv || read.ms < csv.ms) csv = read;
    for (const [k, { label, location, env = {} }] of states.entries()) {
      const kept = best[k];
      const next = await runPlan(
        ['plan', '-c', join(dir, 'contacts.yaml'), '--state', location, '--no-refresh'],
        planText,
        env,
      );
      if (next.code !== 0)
        throw new Error(
          `plan of the ${rows}-row roster (${label}) failed (exit ${next.code}): ${next.stderr}`,
        );
      const text = readFileSync(planText, 'utf8');
      const updated = [...text.matchAll(/^ {2}~ (\S+): update/gm)].map((m) => m[1]);
      const others = [...text.matchAll(/^ {2}[+-] (\S+): /gm)].length;
      kept.exact &&=
        others === 0 &&
        updated.length === changed &&
        updated.every((address) => Number.parseInt(address.split('/m')[1], 16) % 100 === 42);
      kept.updates = updated.length;
      kept.peakRss = Math.max(kept.peakRss, next.peakRss);
      if (!kept.run || next.ms < kept.run.ms) kept.run = next;
    }
  }
  const out = [];
  for (const [k, { label, location }] of states.entries()) {
    const { run, peakRss, exact, updates } = best[k];
    log(
      `roster ${rows} (${label}): plan ${run.ms.toFixed(0)} ms, csv-parse ${csv.ms.toFixed(0)} ms, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB, ${updates} updates (${changed} rows changed)`,
    );
    if (!isUrl(location))
      for (const suffix of ['', '.journal']) rmSync(`${location}${suffix}`, { force: true });
    out.push({
      state: label,
      rows,
      planMs: run.ms,
      csvMs: csv.ms,
      planCpuMs: run.cpuMs,
      csvCpuMs: csv.cpuMs,
      peakRss,
      updates,
      changed,
      exact,
    });
  }
  return out;
}

/**
 * `npm run bench` rows for the roster (`--only roster`): time against csv-parse, peak memory and the
 * exactness of a 1 % change, with the file state and with the PostgreSQL state (a private cluster, or
 * the database MAI_CONTACTS_BENCH_PG_URL names: bench/pg-server.js; without PostgreSQL binaries only the
 * file state); `--smoke` runs 1,000 rows without judging, MAI_CONTACTS_BENCH_ROSTER_ROWS another size.
 */
export async function rosterMetrics({ smoke, outDir, log, metric, repeats }) {
  const rows = smoke ? 1000 : Number(process.env.MAI_CONTACTS_BENCH_ROSTER_ROWS ?? 1_000_000);
  const pg = await benchPostgres();
  try {
    const states = [{ label: 'file state', location: join(outDir, 'roster.state.json') }];
    if (pg) {
      process.env.PGPASSWORD = pg.password;
      states.push({
        label: 'postgres state',
        location: pg.stateUrl('roster'),
        env: { PGPASSWORD: pg.password },
      });
    } else {
      metric(`roster ${rows} rows (postgres state)`, 'n/a: no PostgreSQL binaries', '≤ 3.00×', undefined);
    }
    // Best of three, as the plan rows (`--repeats N`); one in the smoke pass.
    const out = await benchRoster({ rows, outDir, log, states, repeats: repeats ?? (smoke ? 1 : 3) });
    for (const row of out) {
      const label = row.state;
      const ratio = row.planMs / row.csvMs;
      metric(
        `roster ${rows} rows (${label}): plan --no-refresh / csv-parse`,
        `${ratio.toFixed(2)}× (${row.planMs.toFixed(0)} / ${row.csvMs.toFixed(0)} ms; CPU ${(row.planCpuMs / row.csvCpuMs).toFixed(2)}×, ${row.planCpuMs.toFixed(0)} / ${row.csvCpuMs.toFixed(0)} ms)`,
        '≤ 3.00×',
        ratio <= 3,
      );
      metric(
        `roster ${rows} rows (${label}): peak memory`,
        `${(row.peakRss / 2 ** 20).toFixed(0)} MiB`,
        '≤ 1536 MiB',
        row.peakRss <= 1.5 * 2 ** 30,
      );
      metric(
        `roster ${rows} rows (${label}): 1 % changed`,
        `${row.updates} updates for ${row.changed} changed rows${row.exact ? ', exactly those' : ', NOT exactly those'}`,
        'exactly the changed rows',
        row.exact,
      );
    }
    return out;
  } finally {
    await pg?.stop();
  }
}

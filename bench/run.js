// `npm run bench`: every benchmark row in one run, each beside its target; results also go to
// bench/results.json. The rows come from row modules (ROW_MODULES below): each exports an object
// `{ name, measure(context) }` whose `measure` resolves with `{ results, metrics }`, `metrics` being
// rows `{ name, measured, target, ok }` (ok: true, false, null for "not judged", undefined for "n/a").
// To add rows, add a module to the list.
//
// `--smoke` runs a 1,000-contact pass (CI) without judging. `--sizes 1000,100000` sets the plan sizes
// (judged at 100,000), `--repeats N` the runs per case (best of) of the rows that repeat, `--only plan,startup,refresh,apply` picks
// row modules, `--out DIR` holds the
// generated configs (default bench/out/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { applyRows, refreshRows } from './api-rows.js';
import { ROOT } from './measure.js';
import { planRows } from './plan-bench.js';
import { benchNet } from './net-bench.js';
import { rosterMetrics } from './roster-bench.js';
import { benchStateBackends } from './state-bench.js';
import { startupRows } from './startup-bench.js';

/** The state backends (bench/state-bench.js), as a row module. */
const stateRows = {
  name: 'state',
  async measure({ smoke, outDir, log }) {
    const metrics = [];
    const apply = { creates: smoke ? 50 : 2000, latencyMs: 20, parallelism: 16 };
    const metric = (name, measured, target, ok) => metrics.push({ name, measured, target, ok });
    const results = await benchStateBackends({ smoke, apply, outDir, log, metric });
    return { results, metrics };
  },
};

/** The HTTP client against a minimal node:http one (bench/net-bench.js), as a row module. */
const netRows = {
  name: 'net',
  async measure({ smoke, outDir, log, repeats }) {
    const net = await benchNet({ smoke, outDir, log, repeats });
    return {
      results: { apply: net.apply, applyPostgres: net.postgres, refresh: net.refresh },
      metrics: net.rows,
    };
  },
};

/** The million-row roster (bench/roster-bench.js), as a row module. */
const rosterRows = {
  name: 'roster',
  async measure({ smoke, outDir, log, repeats }) {
    const metrics = [];
    const metric = (name, measured, target, ok) => metrics.push({ name, measured, target, ok });
    const results = await rosterMetrics({ smoke, outDir, log, metric, repeats });
    return { results, metrics };
  },
};

/** Every row module, in the order of the table. */
export const ROW_MODULES = [planRows, startupRows, refreshRows, applyRows, netRows, stateRows, rosterRows];

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const value = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};

const smoke = flag('smoke');
const context = {
  smoke,
  sizes: value('sizes', smoke ? '1000' : '100000')
    .split(',')
    .map(Number),
  outDir: value('out', join(ROOT, 'bench', 'out')),
  // Runs per case (best of) of the plan, roster, apply-against-minimal and refresh rows; each module has
  // its own default (5 for the plan rows, 3 for the others, 1 in the smoke pass).
  repeats: argv.includes('--repeats') ? Number(value('repeats', '3')) : undefined,
  log: (line) => console.error(`[bench] ${line}`),
};
const only = new Set(value('only', ROW_MODULES.map((m) => m.name).join(',')).split(','));
mkdirSync(context.outDir, { recursive: true });

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  memory: totalmem(),
  smoke,
  metrics: [],
};
for (const module of ROW_MODULES) {
  if (!only.has(module.name)) continue;
  const { results: detail, metrics } = await module.measure(context);
  results[module.name] = detail;
  results.metrics.push(...metrics);
}

const width = Math.max(...results.metrics.map((m) => m.name.length), 6);
const measuredWidth = Math.max(...results.metrics.map((m) => m.measured.length), 8);
const targetWidth = Math.max(...results.metrics.map((m) => m.target.length), 6);
const met = (m) =>
  m.ok === undefined ? 'n/a' : m.ok === null ? '—' : smoke ? 'n/a (smoke)' : m.ok ? 'yes' : 'NO';
const lines = [
  `| ${'metric'.padEnd(width)} | ${'measured'.padEnd(measuredWidth)} | ${'target'.padEnd(targetWidth)} | met |`,
  `| ${'-'.repeat(width)} | ${'-'.repeat(measuredWidth)} | ${'-'.repeat(targetWidth)} | --- |`,
];
for (const m of results.metrics)
  lines.push(
    `| ${m.name.padEnd(width)} | ${m.measured.padEnd(measuredWidth)} | ${m.target.padEnd(targetWidth)} | ${met(m).padEnd(3)} |`,
  );
console.log(lines.join('\n'));
if (!smoke) writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
// Not-yet-built commands (n/a) do not fail the run; a measured target that is missed does.
if (!smoke && results.metrics.some((m) => m.ok === false)) process.exitCode = 1;

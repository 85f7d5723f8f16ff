// `npm run bench`: measures the targets of PRODUCT.md §7 in one run and prints them as ratios beside
// their targets; results also go to bench/results.json. `--smoke` runs a 1k-contact pass (CI) without
// judging times. `--sizes 1000,10000` and `--only plan,refresh,apply` narrow the run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchPlan } from './plan-bench.js';
import { ROOT } from './measure.js';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const value = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};

const smoke = flag('smoke');
const sizes = value('sizes', smoke ? '1000' : '1000,10000,100000')
  .split(',')
  .map(Number);
const only = new Set(value('only', 'plan,refresh,apply').split(','));
const outDir = join(ROOT, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const log = (line) => console.error(`[bench] ${line}`);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  memory: totalmem(),
  smoke,
  metrics: [],
};
const metric = (name, measured, target, ok, detail) =>
  results.metrics.push({ name, measured, target, ok, detail });

if (only.has('plan')) {
  const rows = await benchPlan({ sizes, outDir, log });
  results.plan = rows;
  for (const row of rows) {
    const ratio = row.planMs / row.yamlMs;
    metric(
      `plan ${row.size} / yaml.parse`,
      `${ratio.toFixed(2)}× (${row.planMs.toFixed(0)} / ${row.yamlMs.toFixed(0)} ms)`,
      '≤ 0.50×',
      ratio <= 0.5,
    );
    metric(
      `plan ${row.size} peak memory`,
      `${(row.peakRss / 2 ** 20).toFixed(0)} MiB`,
      '< 1024 MiB',
      row.peakRss < 2 ** 30,
    );
  }
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    const scale = b.size / a.size;
    const ratio = b.planMs / a.planMs;
    metric(
      `plan scaling ${a.size} → ${b.size}`,
      `${ratio.toFixed(2)}× time for ${scale}× contacts`,
      `≤ ${(scale * 1.2).toFixed(0)}×`,
      ratio <= scale * 1.2,
    );
  }
}

const width = Math.max(...results.metrics.map((m) => m.name.length), 6);
const lines = [
  `| ${'metric'.padEnd(width)} | measured | target | met |`,
  `|${'-'.repeat(width + 2)}|---|---|---|`,
];
for (const m of results.metrics)
  lines.push(
    `| ${m.name.padEnd(width)} | ${m.measured} | ${m.target} | ${smoke ? 'n/a (smoke)' : m.ok ? 'yes' : 'NO'} |`,
  );
console.log(lines.join('\n'));
if (!smoke) writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
if (!smoke && results.metrics.some((m) => !m.ok)) process.exitCode = 1;

// Plan rows: `plan --no-refresh --format json` against js-yaml's `load` of the same file(s) in the same
// run, over configs that vary in what real configs vary in (bench/generate-config.js): block or flow
// style, with or without findings, one file or the same contacts split over 20, LF or CRLF, plain or
// varied ways of writing names.
import { join } from 'node:path';
import { writeConfig } from './generate-config.js';
import { inTurns, runCli, runNode } from './measure.js';

/** The cases every run measures. */
export const PLAN_CASES = [
  { style: 'block', findings: 'none', split: 1, eol: 'lf' },
  { style: 'flow', findings: 'none', split: 1, eol: 'lf' },
  { style: 'block', findings: 'one', split: 1, eol: 'lf' },
  { style: 'flow', findings: 'one', split: 1, eol: 'lf' },
  { style: 'block', findings: 'many', split: 1, eol: 'lf' },
  { style: 'block', findings: 'none', split: 20, eol: 'lf' },
  { style: 'flow', findings: 'one', split: 20, eol: 'lf' },
  { style: 'block', findings: 'none', split: 1, eol: 'crlf' },
  { style: 'flow', findings: 'many', split: 1, eol: 'crlf' },
  { style: 'block', findings: 'one', split: 1, eol: 'lf', names: 'varied' },
  { style: 'flow', findings: 'none', split: 1, eol: 'lf', names: 'varied' },
];

export const PLAN_TARGET = { ratio: 2, peakMiB: 600, judgedFrom: 100_000 };

const label = (c) =>
  `${c.style}, ${c.split === 1 ? '1 file' : `${c.split} files`}, ${c.eol.toUpperCase()}, ${c.findings === 'none' ? 'no findings' : c.findings === 'one' ? '1 warning' : '1 % warnings'}${c.names === 'varied' ? ', varied names' : ''}`;

/** The smoke run (CI) takes one case per dimension: style, findings, split, line endings. */
const SMOKE_CASES = [0, 3, 5, 8].map((i) => PLAN_CASES[i]);

export async function benchPlan({ sizes, outDir, log, smoke, repeats: given }) {
  const rows = [];
  for (const size of sizes) {
    for (const c of smoke ? SMOKE_CASES : PLAN_CASES) {
      const name = `${c.style}-${c.findings}-${c.split}-${c.eol}${c.names === 'varied' ? '-varied' : ''}-${size}`;
      const target = join(outDir, c.split === 1 ? `${name}.yaml` : name);
      const text = writeConfig(target, size, c);
      // Five a side: the margins of the one-file rows (10-25 %) are about what one run moves by.
      const repeats = given ?? (smoke ? 1 : 5);
      const { a: plan, b: jsYaml } = await inTurns(
        repeats,
        async () => {
          const run = await runCli([
            'plan',
            '-c',
            target,
            '--state',
            join(outDir, 'none.state.json'),
            '--no-refresh',
            '--format',
            'json',
          ]);
          if (run.code !== 0 && run.code !== 2)
            throw new Error(`plan of ${name} failed (exit ${run.code}): ${run.stderr}`);
          return run;
        },
        async () => {
          const run = await runNode([join(import.meta.dirname, 'js-yaml-load.js'), target]);
          if (run.code !== 0) throw new Error(`js-yaml load of ${name} failed: ${run.stderr}`);
          return run;
        },
      );
      log(
        `plan ${size} ${label(c)}: ${plan.ms.toFixed(0)} ms, ${(plan.peakRss / 2 ** 20).toFixed(0)} MiB; js-yaml load ${jsYaml.ms.toFixed(0)} ms`,
      );
      rows.push({ size, ...c, label: label(c), bytes: Buffer.byteLength(text), plan, jsYaml });
    }
  }
  return rows;
}

/** The metric rows of a plan run. */
export function planMetrics(rows) {
  return rows.map((row) => {
    const ratio = row.plan.ms / row.jsYaml.ms;
    const mib = row.plan.peakRss / 2 ** 20;
    const judged = row.size >= PLAN_TARGET.judgedFrom;
    return {
      name: `plan ${row.size}, ${row.label} / js-yaml load`,
      measured: `${ratio.toFixed(2)}× (${row.plan.ms.toFixed(0)} / ${row.jsYaml.ms.toFixed(0)} ms), ${mib.toFixed(0)} MiB`,
      target: judged
        ? `≤ ${PLAN_TARGET.ratio.toFixed(2)}×, ≤ ${PLAN_TARGET.peakMiB} MiB`
        : '(judged at 100,000)',
      ok: judged ? ratio <= PLAN_TARGET.ratio && mib <= PLAN_TARGET.peakMiB : null,
    };
  });
}

/** Row module: the plan matrix. */
export const planRows = {
  name: 'plan',
  async measure({ sizes, outDir, log, smoke, repeats }) {
    const rows = await benchPlan({ sizes, outDir, log, smoke, repeats });
    return { results: rows, metrics: planMetrics(rows) };
  },
};

// §7: `plan --no-refresh --format json` at each size against the `yaml` package's parse of the same file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { writeConfig } from './generate-config.js';
import { best, runCli } from './measure.js';

export async function benchPlan({ sizes, outDir, log }) {
  const rows = [];
  for (const size of sizes) {
    const file = join(outDir, `contacts-${size}.yaml`);
    writeConfig(file, size);
    const text = readFileSync(file, 'utf8');
    const repeats = size >= 100_000 ? 2 : 3;
    const yamlMs = await best(repeats, () => parse(text, { maxAliasCount: 100 }));
    let planMs = Infinity;
    let peakRss = 0;
    for (let i = 0; i < repeats; i++) {
      const run = await runCli([
        'plan',
        '-c',
        file,
        '--state',
        join(outDir, 'none.state.json'),
        '--no-refresh',
        '--format',
        'json',
      ]);
      if (run.code !== 0 && run.code !== 2)
        throw new Error(`plan of ${size} contacts failed (exit ${run.code}): ${run.stderr}`);
      planMs = Math.min(planMs, run.ms);
      peakRss = Math.max(peakRss, run.peakRss);
    }
    log(
      `plan ${size}: ${planMs.toFixed(0)} ms (yaml.parse ${yamlMs.toFixed(0)} ms), peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
    );
    rows.push({ size, bytes: Buffer.byteLength(text), planMs, yamlMs, peakRss });
  }
  return rows;
}

/**
 * CI smoke run of the benchmark: `node bench/run.js --smoke` (1,000 contacts, a few dozen API calls)
 * must run to the end and print its table. Times are not judged here; `npm run bench` does that.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_POSTGRES, POSTGRES } from '../helpers/postgres.js';

const ROOT = join(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'mai-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run bench --smoke', () => {
  it('runs every section and prints the metric table', () => {
    const resultsBefore = statSync(join(ROOT, 'bench', 'results.json'), { throwIfNoEntry: false });
    const run = spawnSync(process.execPath, ['bench/run.js', '--smoke', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 400_000, // a hang, not a slow machine
      // The state rows use the run's PostgreSQL cluster rather than starting one of their own.
      env: NO_POSTGRES
        ? process.env
        : { ...process.env, MAI_CONTACTS_BENCH_PG_URL: POSTGRES.url, PGPASSWORD: POSTGRES.password },
    });
    expect(run.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\| metric +\| measured +\| target +\| met \|$/);
    for (const metric of [
      /^\| plan 1000, block, 1 file, LF, no findings \/ js-yaml load +\| \d+\.\d\d× \(\d+ \/ \d+ ms\), \d+ MiB/,
      /^\| plan 1000, flow, 1 file, LF, 1 warning \/ js-yaml load +\| \d+\.\d\d×/,
      /^\| plan 1000, block, 20 files, LF, no findings \/ js-yaml load +\| \d+\.\d\d×/,
      /^\| plan 1000, flow, 1 file, CRLF, 1 % warnings \/ js-yaml load +\| \d+\.\d\d×/,
      /^\| validate contacts\.yaml \/ node -e 0 \(median of pairs\) +\| \d+\.\d\d×/,
      /^\| refresh 1000 contacts.*client listContacts \/ ideal +\| \d+\.\d\d×/,
      /^\| client createContact 16, 50 creates.*share of ideal +\| \d+ %/,
      /^\| client createContact 16, 50 creates.*speed-up over 1 +\| \d+\.\d×/,
      /^\| refresh 1000 contacts.*plan with API key/,
      /^\| apply --parallelism 16, 50 creates.*share of ideal/,
      /^\| roster 1000 rows \(file state\): 1 % changed +\| 10 updates for 10 changed rows, exactly those/,
      ...(NO_POSTGRES
        ? []
        : [
            /^\| state load 1000, postgres \/ file +\| \d+\.\d\d× \(\d+ \/ \d+ ms\)/,
            /^\| apply 50 creates, postgres \/ file state throughput +\| \d+\.\d\d× \(\d+ \/ \d+ \/s\)/,
            /^\| apply 50 creates at 16, 20 ms latency, postgres state \/ minimal node:http client +\| -?\d+\.\d\d× speed/,
            /^\| roster 1000 rows \(postgres state\): 1 % changed +\| 10 updates for 10 changed rows, exactly those/,
          ]),
    ])
      expect(
        lines.some((l) => metric.test(l)),
        String(metric),
      ).toBe(true);
    // Every figure was measured (a CPU time the measured process could not write reads as NaN).
    expect(run.stdout + run.stderr).not.toMatch(/NaN/);
    // The smoke run judges nothing and leaves the committed results alone.
    expect(run.stdout).not.toMatch(/\| NO \|/);
    const resultsAfter = statSync(join(ROOT, 'bench', 'results.json'), { throwIfNoEntry: false });
    expect(resultsAfter?.mtimeMs).toBe(resultsBefore?.mtimeMs);
  }, 420_000);
});

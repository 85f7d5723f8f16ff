// Small measuring helpers: wall time of a spawned CLI run with its peak memory, and in-process timings.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'mai-contacts.js');
const PRELOAD = new URL('./peak-rss.js', import.meta.url).href;

/** Runs `mai-contacts ...args`, discarding stdout; resolves with wall ms, peak RSS bytes and exit code. */
export function runCli(args, options = {}) {
  return runNode([BIN, ...args], options);
}

/** Runs `node ...args` (a script and its arguments) the same way as runCli. */
export function runNode(args, { env = {}, input } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mai-bench-'));
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', PRELOAD, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', BENCH_RSS_FILE: rssFile, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let peakRss = NaN;
      try {
        peakRss = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // the process died before writing it
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ ms, peakRss, code, stderr });
    });
  });
}

/** Wall ms of `node ...args` without any preload (for start-up figures), resolving with the exit code. */
export function timeNode(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code }));
  });
}

/** The median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Two measurements, each the best of `repeats` runs taken in turns (A B A B) so that drift of the
 * machine hits both: `a` and `b` resolve with `{ ms, peakRss }` (peakRss may be absent); each side
 * answers its lowest ms and its highest peak RSS.
 */
export async function inTurns(repeats, a, b) {
  const best = { a: { ms: Infinity, peakRss: 0 }, b: { ms: Infinity, peakRss: 0 } };
  for (let i = 0; i < repeats; i++) {
    for (const [key, run] of [
      ['a', a],
      ['b', b],
    ]) {
      const r = await run();
      best[key].ms = Math.min(best[key].ms, r.ms);
      best[key].peakRss = Math.max(best[key].peakRss, r.peakRss ?? 0);
    }
  }
  return best;
}

/** The best (lowest) of `times` runs of an async or sync function, in ms. */
export async function best(times, fn) {
  let min = Infinity;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    min = Math.min(min, performance.now() - started);
  }
  return min;
}

export function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** bench/emulator-process.js in a child process: resolves with its url, API key, `stats()` and `close()`. */
export function startEmulatorProcess(options) {
  // e.g. BENCH_EMULATOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server side.
  const nodeArgs = (process.env.BENCH_EMULATOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(ROOT, 'bench', 'emulator-process.js'), JSON.stringify(options)],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const waiting = [];
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      waiting.shift()?.resolve(JSON.parse(line));
    }
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the emulator exited (${code})`));
  });
  return next().then(({ url, apiKey }) => ({
    url,
    apiKey,
    stats() {
      child.stdin.write('stats\n');
      return next();
    },
    close() {
      return new Promise((resolve) => {
        child.on('exit', resolve);
        child.stdin.end();
      });
    },
  }));
}

/** Whether `mai-contacts <command> --help` lists `flag`. */
export async function cliHasFlag(command, flag) {
  const help = await new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, command, '--help'], { cwd: ROOT });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('close', (code) => resolve(code === 0 ? text : ''));
  });
  return help.includes(flag);
}

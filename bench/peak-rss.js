// Preloaded into a measured process (node --import): writes its peak resident set size (bytes) on exit.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_RSS_FILE;
// Node runs the preload in worker threads too (a state's reader thread): only the process's own exit counts.
if (target && isMainThread) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
}

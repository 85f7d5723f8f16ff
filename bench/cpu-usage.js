// Preloaded into a measured process (node --import): writes its CPU time (user + system, ms) on exit.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_CPU_FILE;
// Node runs the preload in worker threads too (a state's reader thread): only the process's own exit counts.
if (target && isMainThread) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(target, String((user + system) / 1000));
  });
}

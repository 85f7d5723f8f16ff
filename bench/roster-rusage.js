// Preloaded into the measured roster plan (node --import): writes its peak RSS (bytes) and CPU time (ms).
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_RUSAGE_FILE;
// Node runs the preload in worker threads too (a state's reader thread): only the process's own exit counts.
if (target && isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(target, JSON.stringify({ peakRss: usage.maxRSS * 1024, cpuMs }));
  });
}

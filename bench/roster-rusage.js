// Preloaded into the measured roster plan (node --import): writes its peak RSS (bytes) and CPU time (ms).
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_RUSAGE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(target, JSON.stringify({ peakRss: usage.maxRSS * 1024, cpuMs }));
  });
}

// Preloaded into a measured process (node --import): writes its CPU time (user + system, ms) on exit.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_CPU_FILE;
if (target) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(target, String((user + system) / 1000));
  });
}

// Start-up row: `validate` of the example contacts.yaml against `node -e 0`, in turns (A B A B …), the
// median of the pair-by-pair ratios, so that drift of a shared machine hits both sides alike.
import { join } from 'node:path';
import { median, ROOT, timeNode } from './measure.js';

export const STARTUP_TARGET = 3;

export const startupRows = {
  name: 'startup',
  async measure({ smoke, log }) {
    const runs = smoke ? 1 : 15;
    const bin = join(ROOT, 'bin', 'mai-contacts.js');
    const validate = ['--', bin, 'validate', '-c', join(ROOT, 'contacts.yaml')].slice(1);
    const empty = ['-e', '0'];
    await timeNode(validate); // warm the file cache
    const ratios = [];
    const a = [];
    const b = [];
    for (let i = 0; i < runs; i++) {
      const v = await timeNode(validate);
      if (v.code !== 0) throw new Error(`validate contacts.yaml exited ${v.code}`);
      const n = await timeNode(empty);
      a.push(v.ms);
      b.push(n.ms);
      ratios.push(v.ms / n.ms);
    }
    const ratio = median(ratios);
    log(`start-up: validate ${median(a).toFixed(0)} ms, node -e 0 ${median(b).toFixed(0)} ms`);
    return {
      results: { runs, validateMs: median(a), nodeMs: median(b), ratio },
      metrics: [
        {
          name: 'validate contacts.yaml / node -e 0 (median of pairs)',
          measured: `${ratio.toFixed(2)}× (${median(a).toFixed(0)} / ${median(b).toFixed(0)} ms)`,
          target: `≤ ${STARTUP_TARGET.toFixed(2)}×`,
          ok: ratio <= STARTUP_TARGET,
        },
      ],
    };
  },
};

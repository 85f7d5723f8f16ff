// Refresh and apply rows, against the emulator in its own process (api-bench.js does the measuring).
import { benchClientCreate, benchClientRefresh, benchCliApply, benchCliRefresh } from './api-bench.js';

const notBuilt = (name, what) => ({ name, measured: `n/a: ${what} not built`, target: '', ok: undefined });

export const refreshRows = {
  name: 'refresh',
  async measure({ smoke, outDir, log, repeats }) {
    const REFRESH = { contacts: smoke ? 1000 : 100_000, latencyMs: 50, parallelism: 8 };
    const { contacts, latencyMs, parallelism } = REFRESH;
    const label = `${contacts} contacts, ${parallelism} in flight, ${latencyMs} ms latency`;
    const client = await benchClientRefresh({ ...REFRESH, outDir, log });
    // The plan with refresh against the same plan offline: best of 3 a side, in turns (1 in the smoke pass).
    const cli = await benchCliRefresh({ ...REFRESH, outDir, log, repeats: repeats ?? (smoke ? 1 : 3) });
    const metrics = [];
    for (const [name, row] of [
      [`refresh ${label}: plan with API key / ideal`, cli],
      [`refresh ${label}: client listContacts / ideal`, client],
    ]) {
      if (!row) {
        metrics.push(notBuilt(name, 'refresh in plan'));
        continue;
      }
      const ratio = row.ms / row.idealMs;
      metrics.push({
        name,
        measured: `${ratio.toFixed(2)}× (${row.ms.toFixed(0)} / ${row.idealMs} ms, ${row.pages} pages)`,
        target: '≤ 1.50×',
        ok: ratio <= 1.5,
      });
    }
    return { results: { client, cli: cli ?? null }, metrics };
  },
};

export const applyRows = {
  name: 'apply',
  async measure({ smoke, outDir, log }) {
    const APPLY = {
      creates: smoke ? 50 : 2000,
      serialCreates: smoke ? 10 : 250,
      latencyMs: 20,
      parallelism: 16,
    };
    const { creates, serialCreates, latencyMs, parallelism } = APPLY;
    const label = `${creates} creates, ${latencyMs} ms latency`;
    const fast = await benchClientCreate({ creates, latencyMs, parallelism, log });
    const serial = await benchClientCreate({ creates: serialCreates, latencyMs, parallelism: 1, log });
    const cli = await benchCliApply({ creates, latencyMs, parallelism, outDir, log });
    const metrics = [];
    for (const [who, row] of [
      [
        'apply --parallelism',
        cli ? { fast: cli.fast, serial: cli.serial, idealRps: cli.idealRps } : undefined,
      ],
      ['client createContact', { fast, serial, idealRps: fast.idealRps }],
    ]) {
      const name = `${who} ${parallelism}, ${label}`;
      if (!row) {
        metrics.push(
          notBuilt(`${name}: share of ideal`, 'apply'),
          notBuilt(`${name}: speed-up over 1`, 'apply'),
        );
        continue;
      }
      const share = row.fast.rps / row.idealRps;
      const speedup = row.fast.rps / row.serial.rps;
      metrics.push(
        {
          name: `${name}: share of ideal`,
          measured: `${(share * 100).toFixed(0)} % (${row.fast.rps.toFixed(0)} of ${row.idealRps.toFixed(0)} /s)`,
          target: '≥ 70 %',
          ok: share >= 0.7,
        },
        {
          name: `${name}: speed-up over 1`,
          measured: `${speedup.toFixed(1)}× (${row.fast.rps.toFixed(0)} vs ${row.serial.rps.toFixed(0)} /s)`,
          target: '≥ 10×',
          ok: speedup >= 10,
        },
      );
    }
    return { results: { client: { fast, serial }, cli: cli ?? null }, metrics };
  },
};

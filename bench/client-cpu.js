// CPU per request of three HTTP clients, each sending the same POSTs at the same parallelism to the
// emulator in its own process: global fetch, undici's request over a Pool, and a minimal keep-alive
// node:http client. `node bench/client-cpu.js [requests] [parallelism] [latencyMs]`.
import { request as httpRequest, Agent } from 'node:http';
import { Pool } from 'undici';
import { startEmulatorProcess } from './measure.js';

const [requests = 2000, parallelism = 16, latencyMs = 20] = process.argv.slice(2).map(Number);
const INBOX = '00000001-0000-4000-8000-000000000001';

const body = (i, who) =>
  JSON.stringify({
    name: `M ${i}`,
    source_id: `${who}-${i}`,
    inbox: INBOX,
    query_metadata: { knowledge_bases: [] },
  });

async function run(name, send) {
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const status = await send(body(i, name));
      if (status !== 201) throw new Error(`${name}: HTTP ${status}`);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: parallelism }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { name, ms, rps: (requests / ms) * 1000, cpuPerRequestMs: cpuMs / requests };
}

const emulator = await startEmulatorProcess({ latencyMs });
try {
  const url = new URL(`${emulator.url}/contacts/`);
  const headers = {
    authorization: `Api-Key ${emulator.apiKey}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const clients = {
    fetch: async (text) => {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: text,
        signal: AbortSignal.timeout(30_000),
      });
      await res.text();
      return res.status;
    },
    'undici Pool.request': (() => {
      const pool = new Pool(url.origin, { connections: parallelism });
      return async (text) => {
        const res = await pool.request({ path: url.pathname, method: 'POST', headers, body: text });
        await res.body.text();
        return res.statusCode;
      };
    })(),
    'node:http keep-alive': (() => {
      const agent = new Agent({ keepAlive: true, maxSockets: parallelism });
      return (text) =>
        new Promise((resolve, reject) => {
          const req = httpRequest(
            url,
            { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(text) } },
            (res) => {
              const chunks = [];
              res.on('data', (c) => chunks.push(c));
              res.on('end', () => {
                Buffer.concat(chunks).toString('utf8');
                resolve(res.statusCode);
              });
            },
          );
          req.on('error', reject);
          req.end(text);
        });
    })(),
  };
  // warm-up, then one measured round of each
  for (const [name, send] of Object.entries(clients)) await run(`warm-${name}`, send);
  for (const [name, send] of Object.entries(clients)) {
    const r = await run(name.replace(/\W+/g, '-'), send);
    console.log(
      `${name.padEnd(22)} ${r.ms.toFixed(0).padStart(6)} ms  ${r.rps.toFixed(0).padStart(5)}/s  CPU ${r.cpuPerRequestMs.toFixed(3)} ms/request`,
    );
  }
} finally {
  await emulator.close();
}

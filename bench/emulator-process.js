// The emulator in its own process (so its CPU is not charged to the measured client), for the refresh
// and apply benchmarks. `node bench/emulator-process.js '{"latencyMs":20,"config":"x.yaml","live":true}'`
// prints one JSON line {url, apiKey} when ready; then each line "stats" on stdin is answered with the
// request counts as one JSON line; it exits when stdin closes.
import { createInterface } from 'node:readline';
import { loadConfig } from '../dist/config/load-config.js';
import { startEmulator } from '../dist/emulator/start-emulator.js';
import { createResolver } from '../dist/resolve/resolve-contacts.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const loaded = options.config ? await loadConfig([options.config]) : undefined;
const config = loaded?.config?.value;
const emulator = await startEmulator({
  latencyMs: options.latencyMs ?? 0,
  ...(options.maxPageSize ? { maxPageSize: options.maxPageSize } : {}),
  ...(config ? { seedConfig: config } : {}),
  seed: 7,
});

if (config && options.live) {
  // Every contact of the config already live, with the body it resolves to (a refresh finds them all).
  const contacts = createResolver(config)
    .contacts()
    .map(({ inboxId, body }) => ({
      inboxIds: [inboxId],
      name: body.name,
      sourceId: body.source_id,
      avatar: body.avatar ?? null,
      queryMetadata: body.query_metadata,
    }));
  emulator.insert(contacts);
}

const stats = () => ({
  requests: emulator.stats.requests,
  byMethod: emulator.stats.byMethod,
  maxInFlight: emulator.stats.maxInFlight,
  contacts: emulator.store.size,
});
process.stdout.write(`${JSON.stringify({ url: emulator.url, apiKey: emulator.apiKey })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(stats())}\n`);
});
lines.on('close', () => {
  void emulator.close().then(() => process.exit(0));
});

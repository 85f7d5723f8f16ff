/**
 * The local MaiAgent API, programmatically: `startEmulator(options)` listens on 127.0.0.1 (an
 * ephemeral port by default) and returns its URL, API key, store and stats, and `close()`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContactStore, type ContactFields, type StoredContact } from './contact-store.js';
import type { EmulatorContext } from './context.js';
import { chatbotOfInbox } from './derive-id.js';
import { FaultInjector } from './faults.js';
import { handleRequest } from './handle-request.js';
import {
  DEFAULT_FAULTS,
  DEFAULT_MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  defaultPaging,
  type EmulatorOptions,
  type FaultOptions,
  type Shape,
} from './options.js';
import { createPersister, loadSnapshot, type Persister } from './persist-data.js';
import { createRandom, randomUuid } from './prng.js';
import { Resources } from './resources.js';
import { seedResources } from './seed-resources.js';
import { EmulatorStats } from './stats.js';

/** A contact for `insert`: the inbox ids and a name, the rest optional. */
export type ContactInput = Pick<ContactFields, 'inboxIds' | 'name'> & Partial<ContactFields>;

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:41234/api` (the same routes are under `/api/v1`). */
  url: string;
  port: number;
  apiKey: string;
  /** The contacts: `get`, `findBySource`, `contacts()`, `everything()`, `size`. */
  store: ContactStore;
  /** Requests, POSTs and creates per (inbox, source_id), faults injected. */
  stats: EmulatorStats;
  resources: Resources;
  shape: Shape;
  /** The live fault settings; change them while running. */
  faults: FaultOptions;
  /**
   * Adds contacts directly (no HTTP, no faults): for tests and benchmarks that need many.
   * Unique (inbox, source_id) is not checked here.
   */
  insert(contacts: readonly ContactInput[]): StoredContact[];
  /** Write the data file now (no-op without one). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? randomBytes(4).readUInt32LE(0);
  const idRandom = createRandom(seed);
  const faultRandom = createRandom(seed ^ 0x9e3779b9);
  const variant = options.variant ?? 'seed';
  const shape: Shape = {
    variant,
    camelMetadata: options.camelMetadata ?? false,
    nestResults: options.nestResults ?? false,
  };
  const faults: FaultOptions = { ...DEFAULT_FAULTS };
  for (const key of Object.keys(DEFAULT_FAULTS) as (keyof FaultOptions)[]) {
    const value = options[key];
    if (value !== undefined) (faults as unknown as Record<string, unknown>)[key] = value;
  }
  const store = new ContactStore();
  const resources = new Resources(chatbotOfInbox);
  const stats = new EmulatorStats();

  let persister: Persister | undefined;
  if (options.dataFile) {
    const snapshot = await loadSnapshot(options.dataFile);
    if (snapshot) {
      store.restore(snapshot.contacts);
      resources.restore(snapshot);
    }
    persister = createPersister(options.dataFile, () => ({
      format: 'mai-contacts-emulator',
      version: 1,
      contacts: store.everything(),
      ...resources.snapshot(),
    }));
  }
  if (options.seedObjects) {
    seedResources(resources, options.seedObjects, Date.now());
    persister?.changed();
  }

  const ctx: EmulatorContext = {
    store,
    resources,
    stats,
    shape,
    paging: {
      style: options.paging ?? defaultPaging(variant),
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      maxPageSize: options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
      ordering: options.ordering ?? true,
    },
    newId: () => randomUuid(idRandom),
    now: () => Date.now(),
    changed: () => persister?.changed(),
  };
  const apiKey = options.apiKey ?? randomBytes(20).toString('hex');
  const host = options.host ?? '127.0.0.1';
  const injector = new FaultInjector(faults, faultRandom);
  const env = { ctx, faults: injector, apiKey, authority: host };
  const server = createServer((req, res) => {
    handleRequest(env, req, res).catch((error: unknown) => {
      console.error(`emulator: ${String(error)}`);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // listening on every address: clients (and the printed URL) use the loopback one
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  env.authority = `${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;

  return {
    url: `http://${env.authority}/api`,
    port,
    apiKey,
    store,
    stats,
    resources,
    shape,
    faults,
    insert(contacts) {
      const now = Date.now();
      const stored = contacts.map((c) => {
        for (const id of c.inboxIds) resources.inbox(id);
        const fields: ContactFields = {
          avatar: null,
          sourceId: '',
          email: null,
          phoneNumber: null,
          queryMetadata: null,
          ...c,
          inboxIds: c.inboxIds.map((id) => id.toLowerCase()),
        };
        const contact = store.create(ctx.newId(), fields, now);
        stats.countCreate(contact.inboxIds[0] ?? '', contact.sourceId);
        return contact;
      });
      persister?.changed();
      return stored;
    },
    flush: async () => persister?.flush(),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await persister?.flush();
    },
  };
}

/**
 * The tool's one HTTP transport: undici's `Pool` (a keep-alive connection pool per API origin) and its
 * `dispatch` API with a handler of our own (see `dispatch` below). Measured with bench/client-cpu.js (2,000 POSTs at parallelism 16 to the emulator in
 * its own process): global `fetch` costs ~1.1 ms of client CPU per request (web streams, its own
 * AbortSignal and Headers layers), undici's `Pool.request` ~0.23 ms, a minimal keep-alive `node:http`
 * client ~0.33 ms; undici is as fast as node:http on the wire and keeps undici's connection handling.
 *
 * One attempt of one request, every failure classified, nothing thrown. Each attempt has its own
 * deadline (`timeoutMs`, covering connect, headers and body). `abort()` ends every request in flight at
 * once (SIGINT) and refuses every later one, so nothing new is sent after it.
 */
// undici's Pool alone, not its index (fetch, WebSocket, mocks, caches …): a third of its load time.
import type { Pool } from 'undici';
import PoolClass from 'undici/lib/dispatcher/pool.js';
import { TOOL_VERSION } from '../version.js';

export interface HttpResponse {
  status: number;
  /** A response header (lower-case name), or null. */
  header(name: string): string | null;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
  text: string;
}

export type Attempt =
  | { kind: 'response'; response: HttpResponse }
  | {
      kind: 'failure';
      /** Short reason, e.g. `timeout after 30000 ms`, `ECONNRESET`, `interrupted`. */
      reason: string;
      /** False only when the request certainly never reached the server (connection refused …). */
      maybeSent: boolean;
      /** True when the transport was aborted (a signal): nothing may be retried. */
      interrupted?: boolean;
    };

export interface RequestSpec {
  method: string;
  url: URL;
  /** `url`'s path and query, when the caller has it already. */
  path?: string;
  apiKey: string;
  body?: unknown;
  timeoutMs: number;
}

export interface Transport {
  send(spec: RequestSpec): Promise<Attempt>;
  /** Aborts every request in flight and refuses every later one. */
  abort(): void;
  readonly aborted: boolean;
  /** Aborted with the transport (for waits between attempts). */
  readonly signal: AbortSignal;
  /** Closes the idle connections. */
  close(): Promise<void>;
}

/** Failures while connecting: the request was never sent, so even a POST may be retried. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Why an attempt was cut short by this module (undici is handed an error carrying it). */
type Cut = 'timeout' | 'interrupt';

class CutShort extends Error {
  constructor(readonly cut: Cut) {
    super(cut === 'timeout' ? 'request timed out' : 'request interrupted');
  }
}

/** A request in flight: settles once, from undici's callbacks, the deadline or abort(). */
interface Pending {
  cut(reason: Cut): void;
}

export function createTransport(origin: string, options: { connections: number }): Transport {
  const pools = new Map<string, Pool>();
  const poolFor = (url: URL): Pool => {
    let pool = pools.get(url.origin);
    if (!pool) {
      pool = new PoolClass(url.origin, {
        connections: Math.max(1, options.connections),
        // the per-attempt deadline below is the one that counts; these only back it up
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      pools.set(url.origin, pool);
    }
    return pool;
  };
  poolFor(new URL(origin));
  const inFlight = new Set<Pending>();
  const all = new AbortController();
  let aborted = false;
  // The same two header sets for every request of a client (undici copies them into its own request):
  // built once per API key.
  let headerKey: string | undefined;
  let headerSets: readonly [Record<string, string>, Record<string, string>] = [{}, {}];
  const headersFor = (apiKey: string, withBody: boolean): Record<string, string> => {
    if (apiKey !== headerKey) {
      const base = {
        authorization: `Api-Key ${apiKey}`,
        accept: 'application/json',
        'user-agent': `mai-contacts/${TOOL_VERSION}`,
      };
      headerSets = [
        Object.freeze({ ...base }),
        Object.freeze({ ...base, 'content-type': 'application/json' }),
      ];
      headerKey = apiKey;
    }
    return headerSets[withBody ? 1 : 0];
  };
  let lastUrl: URL | undefined;
  let lastPool: Pool | undefined;

  return {
    get aborted() {
      return aborted;
    },
    signal: all.signal,
    abort() {
      aborted = true;
      for (const pending of inFlight) pending.cut('interrupt');
      all.abort(new CutShort('interrupt'));
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close().catch(() => undefined)));
    },
    send(spec) {
      if (aborted)
        return Promise.resolve({
          kind: 'failure',
          reason: 'interrupted',
          maybeSent: false,
          interrupted: true,
        });
      // A client sends most requests to one URL object (contacts/): its pool is looked up once.
      if (spec.url !== lastUrl) {
        lastPool = poolFor(spec.url);
        lastUrl = spec.url;
      }
      return dispatch(
        lastPool as Pool,
        {
          path: spec.path ?? `${spec.url.pathname}${spec.url.search}`,
          method: spec.method,
          headers: headersFor(spec.apiKey, spec.body !== undefined),
          body: spec.body === undefined ? null : JSON.stringify(spec.body),
        },
        spec.timeoutMs,
        inFlight,
      );
    },
  };
}

/**
 * One request through undici's dispatcher API, with a handler that collects the body itself: no
 * Readable stream, AbortSignal or async resource per request (measured: the largest share of client CPU
 * per change after the socket itself, see bench/net-bench.js). The deadline covers the wait for a
 * connection, the headers and the body; when it passes (or `abort()` is called) the attempt settles at
 * once, and undici's request is aborted as soon as it has started.
 */
function dispatch(
  pool: Pool,
  request: { path: string; method: string; headers: Record<string, string>; body: string | null },
  timeoutMs: number,
  inFlight: Set<Pending>,
): Promise<Attempt> {
  return new Promise<Attempt>((resolve) => {
    pool.dispatch(request, new Exchange(resolve, timeoutMs, inFlight));
  });
}

/**
 * One attempt in flight: undici's handler (its callbacks are this object's methods, so an attempt
 * costs one object and one timer rather than a closure per callback) and the Pending that abort() cuts.
 */
class Exchange implements Pending {
  private settled = false;
  private cutBy: Cut | undefined;
  private abortRequest: ((reason: Error) => void) | undefined;
  private status = 0;
  private rawHeaders: readonly (Buffer | string)[] = [];
  private readonly chunks: Buffer[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (attempt: Attempt) => void,
    private readonly timeoutMs: number,
    private readonly inFlight: Set<Pending>,
  ) {
    this.timer = setTimeout(() => this.cut('timeout'), timeoutMs);
    inFlight.add(this);
  }

  cut(reason: Cut): void {
    if (this.settled) return;
    this.cutBy = reason;
    this.settle(
      reason === 'interrupt'
        ? { kind: 'failure', reason: 'interrupted', maybeSent: true, interrupted: true }
        : { kind: 'failure', reason: `timeout after ${this.timeoutMs} ms`, maybeSent: true },
    );
    // undici reports the abort through onError, after the attempt has settled above
    this.abortRequest?.(new CutShort(reason));
  }

  onConnect(abort: (reason: Error) => void): void {
    this.abortRequest = abort;
    if (this.cutBy) abort(new CutShort(this.cutBy));
  }

  onHeaders(statusCode: number, headers: (Buffer | string)[]): boolean {
    if (statusCode < 200) return true; // 1xx: the final response follows
    this.status = statusCode;
    this.rawHeaders = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const { chunks } = this;
    const text =
      chunks.length === 1
        ? chunks[0]!.toString('utf8')
        : chunks.length === 0
          ? ''
          : Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    this.settle({
      kind: 'response',
      response: { status: this.status, header: headerReader(this.rawHeaders), body, text },
    });
  }

  onError(error: Error): void {
    this.settle(classify(error));
  }

  private settle(attempt: Attempt): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.inFlight.delete(this);
    this.resolve(attempt);
  }
}

/** `header(name)` over undici's raw headers (`[name, value, …]`), indexed on first use. */
function headerReader(raw: readonly (Buffer | string)[]): (name: string) => string | null {
  let index: Map<string, string> | undefined;
  return (name) => {
    if (!index) {
      index = new Map();
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = raw[i]!.toString('latin1').toLowerCase();
        if (!index.has(key)) index.set(key, raw[i + 1]!.toString('latin1'));
      }
    }
    return index.get(name.toLowerCase()) ?? null;
  };
}

function classify(error: unknown): Attempt {
  const code = codeOf(error);
  if (code) return { kind: 'failure', reason: code, maybeSent: !NOT_SENT.has(code) };
  const cause = (error as { cause?: unknown }).cause;
  const reason =
    cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return { kind: 'failure', reason: reason || 'network error', maybeSent: true };
}

/** The system or undici error code somewhere down the `cause` chain. */
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

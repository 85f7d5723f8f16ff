/**
 * The tool's one HTTP transport: undici's `Pool` (a keep-alive connection pool per API origin) and its
 * `request` API. Measured with bench/client-cpu.js (2,000 POSTs at parallelism 16 to the emulator in
 * its own process): global `fetch` costs ~1.1 ms of client CPU per request (web streams, its own
 * AbortSignal and Headers layers), undici's `Pool.request` ~0.23 ms, a minimal keep-alive `node:http`
 * client ~0.33 ms; undici is as fast as node:http on the wire and keeps undici's connection handling.
 *
 * One attempt of one request, every failure classified, nothing thrown. Each attempt has its own
 * deadline (`timeoutMs`, covering connect, headers and body). `abort()` ends every request in flight at
 * once (SIGINT) and refuses every later one, so nothing new is sent after it.
 */
import { Pool } from 'undici';
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

const TIMEOUT = Symbol('timeout');
const INTERRUPT = Symbol('interrupt');

export function createTransport(origin: string, options: { connections: number }): Transport {
  const pools = new Map<string, Pool>();
  const poolFor = (url: URL): Pool => {
    let pool = pools.get(url.origin);
    if (!pool) {
      pool = new Pool(url.origin, {
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
  const inFlight = new Set<AbortController>();
  const all = new AbortController();
  let aborted = false;

  return {
    get aborted() {
      return aborted;
    },
    signal: all.signal,
    abort() {
      aborted = true;
      for (const controller of inFlight) controller.abort(INTERRUPT);
      all.abort(INTERRUPT);
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close().catch(() => undefined)));
    },
    async send(spec) {
      if (aborted) return { kind: 'failure', reason: 'interrupted', maybeSent: false, interrupted: true };
      const headers: Record<string, string> = {
        authorization: `Api-Key ${spec.apiKey}`,
        accept: 'application/json',
        'user-agent': `mai-contacts/${TOOL_VERSION}`,
      };
      if (spec.body !== undefined) headers['content-type'] = 'application/json';
      const controller = new AbortController();
      inFlight.add(controller);
      const timer = setTimeout(() => controller.abort(TIMEOUT), spec.timeoutMs);
      try {
        const res = await poolFor(spec.url).request({
          path: `${spec.url.pathname}${spec.url.search}`,
          method: spec.method,
          headers,
          body: spec.body === undefined ? null : JSON.stringify(spec.body),
          signal: controller.signal,
        });
        const text = await res.body.text();
        let body: unknown;
        if (text.trim() !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
        }
        const raw = res.headers;
        const header = (name: string): string | null => {
          const value = raw[name];
          return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value;
        };
        return { kind: 'response', response: { status: res.statusCode, header, body, text } };
      } catch (error) {
        const why = controller.signal.reason as unknown;
        if (why === INTERRUPT)
          return { kind: 'failure', reason: 'interrupted', maybeSent: true, interrupted: true };
        if (why === TIMEOUT)
          return { kind: 'failure', reason: `timeout after ${spec.timeoutMs} ms`, maybeSent: true };
        return classify(error);
      } finally {
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    },
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

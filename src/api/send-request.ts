/** The one `fetch` of the tool: one attempt of one request, every failure classified, nothing thrown. */
import { TOOL_VERSION } from '../version.js';

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
  text: string;
}

export type Attempt =
  | { kind: 'response'; response: HttpResponse }
  | {
      kind: 'failure';
      /** Short reason, e.g. `timeout after 30000 ms`, `ECONNRESET`. */
      reason: string;
      /** False only when the request certainly never reached the server (connection refused …). */
      maybeSent: boolean;
    };

export interface RequestSpec {
  method: string;
  url: URL;
  apiKey: string;
  body?: unknown;
  timeoutMs: number;
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

export async function sendRequest(spec: RequestSpec): Promise<Attempt> {
  const headers: Record<string, string> = {
    Authorization: `Api-Key ${spec.apiKey}`,
    Accept: 'application/json',
    'User-Agent': `mai-contacts/${TOOL_VERSION}`,
  };
  if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
  const signal = AbortSignal.timeout(spec.timeoutMs);
  try {
    const res = await fetch(spec.url, {
      method: spec.method,
      headers,
      body: spec.body === undefined ? null : JSON.stringify(spec.body),
      signal,
      redirect: 'manual',
    });
    const text = await res.text();
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    return { kind: 'response', response: { status: res.status, headers: res.headers, body, text } };
  } catch (error) {
    return classify(error, spec.timeoutMs);
  }
}

function classify(error: unknown, timeoutMs: number): Attempt {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'failure', reason: `timeout after ${timeoutMs} ms`, maybeSent: true };
  }
  const code = codeOf(error);
  if (code) return { kind: 'failure', reason: code, maybeSent: !NOT_SENT.has(code) };
  const cause = (error as { cause?: unknown }).cause;
  const reason =
    cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  // fetch refuses some ports outright ("bad port"): nothing was sent
  return { kind: 'failure', reason: reason || 'network error', maybeSent: reason !== 'bad port' };
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

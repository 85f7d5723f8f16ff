/**
 * One HTTP request through the emulator: body, latency (a timer), faults, authentication, route,
 * and, for `--reset-rate`, the connection dropped after the work is done instead of the reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext, Reply } from './context.js';
import type { FaultInjector } from './faults.js';
import { readBody, sendDjango500, sendJson, sendJsonText } from './http-io.js';
import { isLaterContactPage, shiftListing } from './listing-shift.js';
import { presentErrors } from './present.js';
import { route } from './router.js';

export interface RequestEnvironment {
  ctx: EmulatorContext;
  faults: FaultInjector;
  apiKey: string;
  /** `host:port` for `next` links when a request has no Host header. */
  authority: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function handleRequest(
  env: RequestEnvironment,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { stats } = env.ctx;
  stats.countRequest((req.method ?? 'GET').toUpperCase());
  stats.inFlight++;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  try {
    await serve(env, req, res);
  } finally {
    stats.inFlight--;
  }
}

async function serve(env: RequestEnvironment, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx, faults } = env;
  const method = (req.method ?? 'GET').toUpperCase();
  const text = await readBody(req);
  if (faults.options.latencyMs > 0) await sleep(faults.options.latencyMs);
  const decision = faults.decide();
  if (decision.kind === 'throttle') {
    ctx.stats.faults[decision.rateLimited ? 'rateLimited' : 'throttled']++;
    const seconds = decision.retryAfterSeconds;
    const detail = `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`;
    return sendJson(res, 429, { detail }, { 'Retry-After': String(seconds) });
  }
  if (decision.kind === 'error') {
    ctx.stats.faults.errors++;
    if (decision.status === 500) return sendDjango500(res);
    return sendJson(res, 503, { detail: 'Service temporarily unavailable, try again later.' });
  }
  const reply = dispatch(env, req, method, text);
  if (faults.options.hangWrites && method !== 'GET') {
    ctx.stats.faults.hangs++;
    return; // committed, never answered: the client's own deadline (or the server's close) ends it
  }
  if (decision.reset) {
    ctx.stats.faults.resets++;
    req.socket.destroy();
    return;
  }
  if (reply.json !== undefined) sendJsonText(res, reply.status, reply.json, reply.headers);
  else sendJson(res, reply.status, reply.body, reply.headers);
}

function dispatch(
  env: RequestEnvironment,
  req: IncomingMessage,
  method: string,
  text: string | undefined,
): Reply {
  const authorization = req.headers.authorization?.trim() ?? '';
  if (!/^Api-Key\s+\S/i.test(authorization)) {
    return unauthorized('Authentication credentials were not provided.');
  }
  if (authorization.replace(/^Api-Key\s+/i, '') !== env.apiKey) return unauthorized('Invalid API key.');
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? env.authority}`);
  const shift = env.faults.options.listingShift;
  if (shift > 0 && isLaterContactPage(method, url)) shiftListing(env.ctx, url, shift);
  const match = route(method, url.pathname);
  if (match.kind === 'not-found') return { status: 404, body: { detail: 'Not found.' } };
  if (match.kind === 'method-not-allowed') {
    return {
      status: 405,
      body: { detail: `Method "${method}" not allowed.` },
      headers: { Allow: match.allow.join(', ') },
    };
  }
  let body: unknown;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    if (text === undefined) return { status: 413, body: { detail: 'Request body too large.' } };
    try {
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      return { status: 400, body: { detail: `JSON parse error - ${(error as Error).message}` } };
    }
  }
  try {
    return match.handler(env.ctx, { method, url, params: match.params, body });
  } catch (error) {
    console.error(`emulator: ${method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
    return { status: 500, body: presentErrors({ detail: 'Internal emulator error.' }, env.ctx.shape) };
  }
}

const unauthorized = (detail: string): Reply => ({
  status: 401,
  body: { detail },
  headers: { 'WWW-Authenticate': 'Api-Key' },
});

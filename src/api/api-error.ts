/**
 * Turning a failed response or a network failure into an ApiError that never carries the API key.
 * The message says what failed (`PUT /api/contacts/…/ failed: HTTP 400`); the server's words are in
 * `details.serverMessage`, which the CLI prints on the next line.
 */
import { ApiError } from '../errors.js';

/** Replaces every occurrence of `secret` in `text`, raw and as it reads inside a JSON string. */
export function redact(text: string, secret: string): string {
  if (!secret) return text;
  let out = text.split(secret).join('***');
  const escaped = JSON.stringify(secret).slice(1, -1);
  if (escaped !== secret) out = out.split(escaped).join('***');
  return out;
}

/** `value` with `secret` replaced in every string and key at any depth (a parsed error body). */
export function redactDeep(value: unknown, secret: string): unknown {
  if (!secret) return value;
  if (typeof value === 'string') return redact(value, secret);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secret));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        redact(k, secret),
        redactDeep(v, secret),
      ]),
    );
  }
  return value;
}

/** Longest server message kept (cut after redaction, so a cut never shows part of the key). */
export const MAX_SERVER_MESSAGE = 300;

/**
 * The server's own words from a DRF error body: `{"detail": …}`, field errors
 * `{"sourceId": ["…"]}` / `{"nonFieldErrors": […]}`, or the start of a non-JSON body. Callers pass
 * body and text already redacted.
 */
export function serverMessage(body: unknown, text: string): string | undefined {
  const cut = (s: string): string =>
    s.length > MAX_SERVER_MESSAGE ? `${s.slice(0, MAX_SERVER_MESSAGE)}…` : s;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const entries = Object.entries(body as Record<string, unknown>);
    const detail = (body as Record<string, unknown>)['detail'];
    if (typeof detail === 'string') return cut(detail);
    const parts = entries.map(([field, value]) => `${field}: ${flatten(value)}`);
    if (parts.length > 0) return cut(parts.join('; '));
  }
  if (Array.isArray(body)) return cut(flatten(body));
  const trimmed = text.trim();
  return trimmed ? cut(trimmed) : undefined;
}

function flatten(value: unknown): string {
  if (Array.isArray(value)) return value.map(flatten).join(' ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${flatten(v)}`)
      .join('; ');
  }
  return String(value);
}

export interface FailureFacts {
  method: string;
  path: string;
  apiKey: string;
  status?: number;
  body?: unknown;
  text?: string;
  /** For failures without a response. */
  reason?: string;
  outcomeUnknown?: boolean;
  interrupted?: boolean;
}

export function apiError(facts: FailureFacts): ApiError {
  const clean = (s: string): string => redact(s, facts.apiKey);
  // Redacted first, cut after: a key echoed anywhere in the body never shows, not even in part.
  const message =
    facts.status !== undefined
      ? serverMessage(redactDeep(facts.body, facts.apiKey), clean(facts.text ?? ''))
      : undefined;
  const what =
    facts.status !== undefined
      ? `HTTP ${facts.status}`
      : `${clean(facts.reason ?? 'no response')}${facts.outcomeUnknown ? ' (outcome unknown: the request may have been applied)' : ''}`;
  const details: ApiError['details'] = { method: facts.method, path: clean(facts.path) };
  if (facts.status !== undefined) details.status = facts.status;
  if (message !== undefined) details.serverMessage = message;
  if (facts.outcomeUnknown) details.outcomeUnknown = true;
  if (facts.interrupted) details.interrupted = true;
  return new ApiError(clean(`${facts.method} ${facts.path} failed: ${what}`), details);
}

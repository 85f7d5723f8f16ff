/**
 * Turning a failed response or a network failure into an ApiError that never carries the API key.
 * The message says what failed (`PUT /api/contacts/…/ failed: HTTP 400`); the server's words are in
 * `details.serverMessage`, which the CLI prints on the next line.
 */
import { ApiError } from '../errors.js';

/** Replaces every occurrence of `secret` in `text`. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

/**
 * The server's own words from a DRF error body: `{"detail": …}`, field errors
 * `{"sourceId": ["…"]}` / `{"nonFieldErrors": […]}`, or the start of a non-JSON body.
 */
export function serverMessage(body: unknown, text: string): string | undefined {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const entries = Object.entries(body as Record<string, unknown>);
    const detail = (body as Record<string, unknown>)['detail'];
    if (typeof detail === 'string') return detail;
    const parts = entries.map(([field, value]) => `${field}: ${flatten(value)}`);
    if (parts.length > 0) return parts.join('; ');
  }
  if (Array.isArray(body)) return flatten(body);
  const trimmed = text.trim();
  return trimmed ? trimmed.slice(0, 300) : undefined;
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
}

export function apiError(facts: FailureFacts): ApiError {
  const message = facts.status !== undefined ? serverMessage(facts.body, facts.text ?? '') : undefined;
  const clean = (s: string): string => redact(s, facts.apiKey);
  const what =
    facts.status !== undefined
      ? `HTTP ${facts.status}`
      : `${facts.reason ?? 'no response'}${facts.outcomeUnknown ? ' (outcome unknown: the request may have been applied)' : ''}`;
  const details: ApiError['details'] = { method: facts.method, path: clean(facts.path) };
  if (facts.status !== undefined) details.status = facts.status;
  if (message !== undefined) details.serverMessage = clean(message);
  if (facts.outcomeUnknown) details.outcomeUnknown = true;
  return new ApiError(clean(`${facts.method} ${facts.path} failed: ${what}`), details);
}

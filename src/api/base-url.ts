/** MAIAGENT_API_URL: checked once, so the key is only ever sent over TLS or to this machine. */
import { UsageError } from '../errors.js';

export const DEFAULT_API_URL = 'https://api.maiagent.ai/api';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopback(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** The base URL without a trailing slash (`https://api.maiagent.ai/api` or `…/api/v1`). */
export function checkBaseUrl(raw: string, name = 'MAIAGENT_API_URL'): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`${name} is not a valid URL`);
  }
  if (url.username || url.password) {
    throw new UsageError(`${name} must not contain credentials; the API key is read from MAIAGENT_API_KEY`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(
      `${name} uses plain http:// to ${url.hostname}; the API key is only sent over https:// (or http:// to a loopback host)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${name} must be an https:// URL`);
  }
  if (url.search || url.hash) throw new UsageError(`${name} must not have a query or fragment`);
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/contacts$/.test(path)) {
    throw new UsageError(`${name} should end before /contacts/, e.g. ${DEFAULT_API_URL}`);
  }
  return `${url.origin}${path}`;
}

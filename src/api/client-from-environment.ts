/** A client configured from MAIAGENT_API_URL and MAIAGENT_API_KEY. */
import { UsageError } from '../errors.js';
import { checkApiKey } from './api-key.js';
import { checkBaseUrl, DEFAULT_API_URL } from './base-url.js';
import { createClient, type ClientOptions, type MaiAgentClient } from './client.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export function clientFromEnvironment(
  env: Environment,
  options: Omit<ClientOptions, 'baseUrl' | 'apiKey'> = {},
): MaiAgentClient {
  const apiKey = env['MAIAGENT_API_KEY']?.trim();
  if (!apiKey) throw new UsageError('MAIAGENT_API_KEY is not set; it is needed to reach the MaiAgent API');
  checkApiKey(apiKey);
  const baseUrl = checkBaseUrl(env['MAIAGENT_API_URL']?.trim() || DEFAULT_API_URL);
  return createClient({ ...options, baseUrl, apiKey });
}

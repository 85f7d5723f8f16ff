/**
 * The CLI's way to the API: a client from MAIAGENT_API_URL / MAIAGENT_API_KEY, its attempts written
 * to `--log-file`, the log closed when the work is done.
 */
import type { ClientOptions, MaiAgentClient } from '../api/client.js';
import { clientFromEnvironment } from '../api/client-from-environment.js';
import { openAuditLog } from './audit-log.js';
import type { GlobalOptions } from './global-options.js';

export type ClientTuning = Omit<ClientOptions, 'baseUrl' | 'apiKey' | 'audit'>;

export async function withClient<T>(
  options: GlobalOptions,
  work: (client: MaiAgentClient) => Promise<T>,
  tuning: ClientTuning = {},
): Promise<T> {
  const log = options.logFile ? openAuditLog(options.logFile) : undefined;
  try {
    const client = clientFromEnvironment(process.env, log ? { ...tuning, audit: log.hook } : tuning);
    return await work(client);
  } finally {
    await log?.close();
  }
}

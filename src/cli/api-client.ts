/**
 * The CLI's way to the API: a client from MAIAGENT_API_URL / MAIAGENT_API_KEY, its attempts written
 * to `--log-file` (and to `tuning.audit`, e.g. apply's throttling signal), the log closed when the work
 * is done.
 */
import type { ClientOptions, MaiAgentClient } from '../api/client.js';
import { clientFromEnvironment } from '../api/client-from-environment.js';
import type { AuditHook } from '../api/types.js';
import { openAuditLog } from './audit-log.js';
import type { GlobalOptions } from './global-options.js';

export type ClientTuning = Omit<ClientOptions, 'baseUrl' | 'apiKey'>;

export async function withClient<T>(
  options: GlobalOptions,
  work: (client: MaiAgentClient) => Promise<T>,
  tuning: ClientTuning = {},
): Promise<T> {
  const log = options.logFile ? openAuditLog(options.logFile) : undefined;
  const hooks = [log?.hook, tuning.audit].filter((h): h is AuditHook => h !== undefined);
  try {
    const { audit: _audit, ...rest } = tuning;
    const client = clientFromEnvironment(
      process.env,
      hooks.length > 0 ? { ...rest, audit: (event) => hooks.forEach((h) => h(event)) } : rest,
    );
    return await work(client);
  } finally {
    await log?.close();
  }
}

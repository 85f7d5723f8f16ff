/**
 * The CLI's way to the API: a client from MAIAGENT_API_URL / MAIAGENT_API_KEY (both checked first, before
 * anything is sent), its attempts written to `--log-file` (opened before the first call; see
 * audit-log.ts) and to `tuning.audit` (e.g. apply's throttling signal), the log closed when the work is
 * done.
 */
import type { ClientOptions, MaiAgentClient } from '../api/client.js';
import { clientFromEnvironment } from '../api/client-from-environment.js';
import type { AuditEvent } from '../api/types.js';
import { openAuditLog, type AuditLog } from './audit-log.js';
import type { GlobalOptions } from './global-options.js';

export type ClientTuning = Omit<ClientOptions, 'baseUrl' | 'apiKey'>;

export async function withClient<T>(
  options: GlobalOptions,
  work: (client: MaiAgentClient) => Promise<T>,
  tuning: ClientTuning = {},
): Promise<T> {
  const { audit, ...rest } = tuning;
  let log: AuditLog | undefined;
  const hook = (event: AuditEvent): void => {
    log?.hook(event);
    audit?.(event);
  };
  // The key and the URL are refused here when they cannot be used, before the log is even opened.
  const client = clientFromEnvironment(process.env, { timeoutMs: options.timeoutMs, ...rest, audit: hook });
  if (options.logFile) log = openAuditLog(options.logFile, process.env['MAIAGENT_API_KEY']?.trim() ?? '');
  try {
    return await work(client);
  } finally {
    await client.close();
    await log?.close();
  }
}

/** `--log-file`: every API attempt as one JSON line (method, path, status, duration, attempt; never the key). */
import { createWriteStream } from 'node:fs';
import type { AuditEvent, AuditHook } from '../api/types.js';

export interface AuditLog {
  hook: AuditHook;
  close(): Promise<void>;
}

export function openAuditLog(path: string): AuditLog {
  const stream = createWriteStream(path, { flags: 'a' });
  let failure: Error | undefined;
  stream.on('error', (error) => (failure ??= error));
  return {
    hook(event: AuditEvent) {
      stream.write(`${JSON.stringify(event)}\n`);
    },
    close() {
      return new Promise((resolve, reject) => {
        stream.end(() => (failure ? reject(failure) : resolve()));
      });
    },
  };
}

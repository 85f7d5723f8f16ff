/**
 * `--log-file`: every API attempt as one JSON line (method, path, status, duration, attempt; never the
 * key). The file is opened (created 0600) when the command starts, before the first API call, so a path
 * that cannot be written ends the command with nothing sent. Each line is redacted once more against
 * the key before it is written.
 */
import { createWriteStream, openSync } from 'node:fs';
import { redact } from '../api/api-error.js';
import type { AuditEvent, AuditHook } from '../api/types.js';
import { cannotWrite } from './output-file.js';

export interface AuditLog {
  hook: AuditHook;
  close(): Promise<void>;
}

export function openAuditLog(path: string, secret = ''): AuditLog {
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (error) {
    throw cannotWrite(path, '--log-file', error);
  }
  const stream = createWriteStream(path, { fd, flags: 'a' });
  let failure: Error | undefined;
  stream.on('error', (error) => (failure ??= error));
  return {
    hook(event: AuditEvent) {
      stream.write(`${redact(JSON.stringify(event), secret)}\n`);
    },
    close() {
      return new Promise((resolve, reject) => {
        stream.end(() => (failure ? reject(failure) : resolve()));
      });
    },
  };
}

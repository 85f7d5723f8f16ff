/**
 * The worker thread of an unlocked compact read of the PostgreSQL state (postgres-backend.ts,
 * readInWorker): on a connection of its own, the steps openPostgresState takes for it (the schema looked
 * at, the lock waited for if asked, the workspace read as loadBriefWorkspace reads it in one REPEATABLE
 * READ READ ONLY transaction), handing over the columns (briefWorkspaceColumns), or the error's message
 * (without the password).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type pg from 'pg';
import { transferables } from '../compact-entries.js';
import { parseDatabaseUrl } from './connection.js';
import { asStateError, connect, readUnlocked, type WorkerMessage } from './postgres-backend.js';
import { briefWorkspaceColumns } from './rows.js';
import { ensureSchema } from './schema.js';

const { url, createSchema, workspace, waitWhileLockedMs } = workerData as {
  url: string;
  createSchema: boolean;
  workspace: string;
  waitWhileLockedMs: number | undefined;
};
const target = parseDatabaseUrl(url, process.env, { createSchema });
let client: pg.Client | undefined;
let message: WorkerMessage;
try {
  client = await connect(target);
  const ready = await ensureSchema(client, target.schema, { create: target.createSchema, write: false });
  const { lockedBy, found } = await readUnlocked(
    client,
    target.schema,
    ready,
    workspace,
    { waitWhileLockedMs },
    briefWorkspaceColumns,
  );
  message = found ? { ready: true, lockedBy, data: found } : { ready: false, lockedBy };
} catch (error) {
  message = { error: asStateError(target, error).message };
}
await client?.end().catch(() => undefined);
parentPort?.postMessage(
  message,
  'data' in message
    ? transferables(
        message.data.columns,
        message.data.rest.address,
        message.data.rest.created,
        message.data.rest.updated,
      )
    : [],
);

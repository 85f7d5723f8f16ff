/**
 * Opens a state, choosing the backend by the location: a `postgres://` (or `postgresql://`) URL selects
 * the PostgreSQL backend, anything else is a file path. See store.ts for what a store offers.
 */
import { UsageError } from '../errors.js';
import { fileBackend } from './file-backend.js';
import {
  DEFAULT_WORKSPACE,
  WORKSPACE_NAME,
  type ForcedUnlock,
  type OpenStateOptions,
  type StateBackend,
  type StateStore,
} from './store.js';

export type { ForcedUnlock, OpenStateOptions, StateBackend, StateStore } from './store.js';

export interface BackendOptions {
  /** PostgreSQL: create the schema and its tables when missing (default true). */
  createSchema?: boolean;
}

export interface OpenOptions extends OpenStateOptions, BackendOptions {
  /** Default `default`. */
  workspace?: string;
}

export function isDatabaseLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function stateBackend(location: string, options: BackendOptions = {}): Promise<StateBackend> {
  if (isDatabaseLocation(location)) {
    // Loaded on demand: file-state runs never pay for the PostgreSQL client.
    const { postgresBackend } = await import('./postgres/postgres-backend.js');
    return postgresBackend(location, options);
  }
  return fileBackend(location);
}

export function checkWorkspace(name: string): string {
  if (!WORKSPACE_NAME.test(name)) {
    throw new UsageError(
      `workspace "${name}" is not a valid name: letters, digits, "-" and "_", starting with a letter or digit, at most 63`,
    );
  }
  return name;
}

export async function openState(location: string, options: OpenOptions): Promise<StateStore> {
  const workspace = checkWorkspace(options.workspace ?? DEFAULT_WORKSPACE);
  const backend = await stateBackend(location, options);
  let store: StateStore;
  try {
    store = await backend.open(workspace, options);
  } catch (error) {
    await backend.close();
    throw error;
  }
  const close = store.close.bind(store);
  return Object.defineProperty(store, 'close', {
    value: async () => {
      try {
        await close();
      } finally {
        await backend.close();
      }
    },
  });
}

/** `state unlock`: frees a lock whose holder no longer runs, or is lost (Terraform's force-unlock). */
export async function forceUnlockState(
  location: string,
  workspace: string,
  id: string,
): Promise<ForcedUnlock & { location: string }> {
  const backend = await stateBackend(location, { createSchema: false });
  try {
    return { ...(await backend.forceUnlock(checkWorkspace(workspace), id)), location: backend.location };
  } finally {
    await backend.close();
  }
}

/** The SQL that creates the PostgreSQL backend's tables, for a DBA who owns the schema. */
export async function stateSchemaSql(location: string): Promise<string> {
  if (!isDatabaseLocation(location)) throw new UsageError('schema-sql needs a postgres:// --state URL');
  const [{ parseDatabaseUrl }, { schemaSql }] = await Promise.all([
    import('./postgres/connection.js'),
    import('./postgres/schema.js'),
  ]);
  return schemaSql(parseDatabaseUrl(location).schema);
}

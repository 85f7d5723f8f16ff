/**
 * `state migrate`: copies one state (file or PostgreSQL, any workspace) to another under both locks,
 * then reads the copy back with a fresh reader and checks it entry by entry. The source is only read.
 */
import { StateError } from '../errors.js';
import { storedEntry } from './entry-index.js';
import { openState, stateBackend, type OpenOptions } from './open-state.js';
import type { StateStore } from './store.js';

export interface StateAddress {
  location: string;
  workspace: string;
  createSchema?: boolean;
}

export interface MigrateResult {
  from: string;
  to: string;
  entries: number;
  lineage: string;
  serial: number;
}

const describe = (store: StateStore): string => `${store.location} (workspace ${store.workspace})`;

export async function migrateState(
  from: StateAddress,
  to: StateAddress,
  options: { lockTimeoutMs?: number } = {},
): Promise<MigrateResult> {
  const open = (address: StateAddress, extra: Partial<OpenOptions>): Promise<StateStore> =>
    openState(address.location, {
      lock: true,
      command: 'state migrate',
      workspace: address.workspace,
      ...(address.createSchema !== undefined ? { createSchema: address.createSchema } : {}),
      ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
      ...extra,
    });
  const source = await open(from, {});
  try {
    if (!source.exists) throw new StateError(`there is no state at ${describe(source)} to migrate`);
    const target = await open(to, {});
    try {
      if (target.location === source.location && target.workspace === source.workspace) {
        throw new StateError(
          `${describe(source)} is the state being migrated; choose another place or workspace`,
        );
      }
      if (target.size > 0) {
        throw new StateError(
          `${describe(target)} already holds ${target.size} contact(s); migrate only into an empty state`,
        );
      }
      await target.copyFrom({ lineage: source.lineage, serial: source.serial, entries: source.entries() });
    } finally {
      await target.close();
    }
    // Read the copy back as any later run would, and compare it with the source entry by entry.
    const copy = await openState(to.location, {
      lock: false,
      workspace: to.workspace,
      ...(to.createSchema !== undefined ? { createSchema: to.createSchema } : {}),
    });
    const problems: string[] = [];
    if (copy.lineage !== source.lineage || copy.serial !== source.serial) {
      problems.push(
        `lineage/serial ${copy.lineage}/${copy.serial} instead of ${source.lineage}/${source.serial}`,
      );
    }
    if (copy.size !== source.size) problems.push(`${copy.size} entries instead of ${source.size}`);
    for (const entry of source.entries()) {
      const copied = copy.get(entry.identity);
      if (!copied) problems.push(`${entry.address} is missing`);
      else if (JSON.stringify(storedEntry(copied)) !== JSON.stringify(storedEntry(entry))) {
        problems.push(`${entry.address} differs`);
      }
      if (problems.length >= 5) break;
    }
    await copy.close();
    if (problems.length > 0) {
      throw new StateError(
        `the copy at ${describe(copy)} does not match the source: ${problems.join('; ')}; the source is unchanged`,
      );
    }
    return {
      from: describe(source),
      to: describe(copy),
      entries: source.size,
      lineage: source.lineage,
      serial: source.serial,
    };
  } finally {
    await source.close();
  }
}

/** The workspaces holding a state at `location`. */
export async function listWorkspaces(location: string): Promise<{ location: string; workspaces: string[] }> {
  const backend = await stateBackend(location, { createSchema: false });
  try {
    return { location: backend.location, workspaces: await backend.workspaces() };
  } finally {
    await backend.close();
  }
}

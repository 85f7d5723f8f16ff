import type { ContactBody } from '../../src/resolve/types.js';
import { digestBody } from '../../src/resolve/canonical-body.js';
import type { StateView } from '../../src/plan/plan-changes.js';
import type { ResolvedContact } from '../../src/resolve/types.js';
import type { StateEntry } from '../../src/state/types.js';

/** A StateView over hand-made entries. */
export function stateOf(entries: StateEntry[], snapshot = { lineage: 'lineage-1', serial: 7 }): StateView {
  const map = new Map(entries.map((e) => [e.identity, e]));
  return { snapshot: () => snapshot, get: (id) => map.get(id), entries: () => map.values() };
}

/** The state entry apply would have recorded for a resolved contact (optionally with another body or tier). */
export function entryFor(
  contact: ResolvedContact,
  overrides: { body?: ContactBody; tier?: string | null; contact_id?: string } = {},
): StateEntry {
  const body = overrides.body ?? contact.body;
  return {
    identity: contact.identity,
    inbox: contact.inboxId,
    source_id: contact.sourceId,
    address: contact.address,
    contact_id: overrides.contact_id ?? `id-${contact.sourceId}`,
    tier: overrides.tier !== undefined ? overrides.tier : (contact.tier ?? null),
    body,
    digest: digestBody(body),
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

/**
 * The pure heart of plan: desired bodies (from the config) against state (what was last applied) and,
 * when refreshed, what is live -> one Change per contact, sorted by address.
 *
 * Without `live` (offline): not in state -> create; in state -> update or no-op by a semantic comparison
 * with the last applied body. With `live`: the comparison is with what is live; a contact in state but
 * gone live is created again (drift); a live contact with the same identity that state does not know is
 * adopted (update or no-op), never created twice. Contacts in state that the config no longer declares
 * follow on_removal: revoke (PUT deny-all, a no-op once revoked), delete, or keep (forget).
 */
import { PlanError } from '../errors.js';
import type { ResolvedContact } from '../resolve/types.js';
import type { StateJoin, UnchangedEntry } from '../state/compact-entries.js';
import type { StateEntry, StateSnapshot } from '../state/types.js';
import { TOOL_VERSION } from '../version.js';
import { sameBody as same } from '../resolve/canonical-body.js';
import { diffBodies } from './diff-bodies.js';
import { assessSafety } from './assess-safety.js';
import { revokedBody } from './revoked-body.js';
import { matchTargets } from './match-targets.js';
import { DeclaredIdentities } from './declared-identities.js';
import {
  PLAN_FORMAT_VERSION,
  type Change,
  type LiveBody,
  type OnRemoval,
  type Plan,
  type PlanSummary,
} from './types.js';

/** What planChanges reads of the state (a StateStore is one). */
export interface StateView {
  snapshot(): StateSnapshot | null;
  get(identity: string): StateEntry | undefined;
  entries(): Iterable<StateEntry>;
  /**
   * A compact store's pass over the declared contacts (see StateJoin): an entry that holds the desired
   * body is a no-op without decoding it, and the entries matched are marked by the store, not kept in a
   * set of the plan's own.
   */
  join?(): StateJoin;
}

export interface PlanChangesInput {
  desired: readonly ResolvedContact[];
  state: StateView | null;
  /** Live contacts of the managed inboxes by identity key, when refreshed. */
  live?: ReadonlyMap<string, LiveBody>;
  onRemoval?: OnRemoval;
  /** Limit the plan to these addresses (`<inbox alias>/<source_id>`, or `<inbox alias>/*`). */
  targets?: readonly string[];
  configDigest: string;
  toolVersion?: string;
  /** The current alias of an inbox UUID, for the address of a contact the config no longer declares. */
  inboxAlias?: (inboxId: string) => string | undefined;
  /** Whether moving a contact from one tier to another is a downgrade (see extendsDowngrade). */
  isDowngrade?: (from: string, to: string) => boolean;
}

export function planChanges(input: PlanChangesInput): Plan {
  const { desired, state, live } = input;
  const refreshed = live !== undefined;
  const onRemoval = input.onRemoval ?? 'revoke';
  const targets = input.targets && input.targets.length > 0 ? matchTargets(input.targets) : undefined;
  const changes: Change[] = [];
  // The declared identities (with a join: those the state does not have; the join marks the others).
  const declared = new DeclaredIdentities();
  const join = state?.join?.();
  const tierOf = tierPairs();
  // State entries a declared contact matched: the loop over state below asks this set of objects
  // first, which costs less than a second lookup of each identity string (a million of them).
  const matched = new Set<object>();
  let managed = 0;
  // Live contacts found for a declared contact or a state entry (the rest are not managed here).
  let seenLive = 0;
  const twice = (contact: ResolvedContact): PlanError =>
    new PlanError(`contact ${contact.address} is declared twice (inbox ${contact.inboxId})`);
  const declare = (contact: ResolvedContact): void => {
    if (!declared.add(contact.inboxId, contact.sourceId)) throw twice(contact);
  };

  for (const contact of desired) {
    let stored: StateEntry | undefined;
    if (join) {
      const found = join.declare(contact);
      if (found === 'absent') declare(contact);
      else if (found === 'twice') throw twice(contact);
      else if (found === 'known' || refreshed) stored = state?.get(contact.identity);
      else {
        // Offline, an entry that holds the desired body: a no-op, its entry not decoded.
        managed += 1;
        if (targets && !targets.match(contact.address)) continue;
        changes.push(unchangedChange(contact, found, tierOf));
        continue;
      }
    } else {
      declare(contact);
      stored = state?.get(contact.identity);
      if (stored) matched.add(stored);
    }
    const current = live?.get(contact.identity);
    if (current) seenLive += 1;
    if (stored || current) managed += 1;
    if (targets && !targets.match(contact.address)) continue;
    changes.push(desiredChange(contact, stored, current, refreshed, tierOf));
  }

  const removed = (stored: StateEntry): void => {
    managed += 1;
    const current = live?.get(stored.identity);
    if (current) seenLive += 1;
    const alias = input.inboxAlias?.(stored.inbox);
    const address = alias !== undefined ? `${alias}/${stored.source_id}` : stored.address;
    if (targets && !targets.match(address)) return;
    changes.push(removedChange(address, stored, current, refreshed, onRemoval));
  };
  if (join) {
    for (const identity of join.undeclared()) removed(state?.get(identity) as StateEntry);
  } else {
    for (const stored of state?.entries() ?? []) {
      if (!matched.has(stored) && !declared.has(stored.identity)) removed(stored);
    }
  }

  sortByAddress(changes);

  const warnings: string[] = [];
  if (targets) for (const t of targets.unmatched()) warnings.push(`target ${t} matches no contact`);
  if (live) {
    // Every live contact the config declares or the state knows was looked up above, once each.
    const unmanaged = live.size - seenLive;
    if (unmanaged > 0) {
      warnings.push(
        `${unmanaged} live contact(s) in managed inboxes are not managed by this config; left alone`,
      );
    }
  }

  return {
    format_version: PLAN_FORMAT_VERSION,
    tool_version: input.toolVersion ?? TOOL_VERSION,
    config_digest: input.configDigest,
    state: state?.snapshot() ?? null,
    refreshed,
    on_removal: onRemoval,
    targets: input.targets && input.targets.length > 0 ? [...input.targets].sort() : null,
    summary: summarise(changes),
    changes,
    safety: assessSafety(changes, {
      managed,
      ...(input.isDowngrade ? { isDowngrade: input.isDowngrade } : {}),
    }),
    findings: [],
    warnings,
  };
}

function desiredChange(
  contact: ResolvedContact,
  stored: StateEntry | undefined,
  current: LiveBody | undefined,
  refreshed: boolean,
  tierOf: (before: string | null, after: string | null) => Change['tier'],
): Change {
  const after = contact.body;
  const warnings: string[] = [];
  let drift = false;
  let driftFields: string[] = NONE;
  let before = stored?.body ?? null;
  let contactId = stored?.contact_id ?? null;
  if (refreshed) {
    before = current?.body ?? null;
    contactId = current?.contact_id ?? null;
    if (stored && !current) {
      drift = true;
      warnings.push(
        `in state as ${stored.contact_id} but not found in MaiAgent (deleted there?): it will be created again`,
      );
    } else if (stored && current) {
      driftFields = same(stored.body, current.body) ? [] : diffBodies(stored.body, current.body);
      drift = driftFields.length > 0;
      if (stored.contact_id !== current.contact_id) {
        warnings.push(
          `state knew contact ${stored.contact_id}; MaiAgent has ${current.contact_id} for this identity`,
        );
      }
    } else if (current) {
      warnings.push(`adopting the existing contact ${current.contact_id} (same inbox and source_id)`);
    }
  }
  const action = before === null ? 'create' : same(before, after) ? 'no-op' : 'update';
  return {
    address: contact.address,
    action,
    contact_id: action === 'create' ? null : contactId,
    inbox: contact.inboxId,
    source_id: contact.sourceId,
    tier: tierOf(action === 'create' ? null : (stored?.tier ?? null), contact.tier ?? null),
    before: action === 'create' ? null : before,
    after,
    changed_fields: action === 'update' && before ? diffBodies(before, after) : NONE,
    drift,
    drift_fields: driftFields.length > 0 ? driftFields : NONE,
    adopted: refreshed && !stored && current !== undefined,
    // Offline, nothing adds warnings to a contact's change later (make-plan does so only for several
    // live copies, which a refresh finds): an empty list is shared.
    warnings: warnings.length > 0 || refreshed ? warnings : NONE,
  };
}

/** No fields, no warnings: shared by the no-ops of unchanged entries (frozen: nothing adds to them). */
const NONE = Object.freeze([]) as unknown as string[];

/**
 * desiredChange for an entry known to hold the desired body (offline): a no-op, before and after alike.
 * A million of them share their empty lists and, per pair of tiers, their frozen `tier`.
 */
function unchangedChange(
  contact: ResolvedContact,
  stored: UnchangedEntry,
  tierOf: (before: string | null, after: string | null) => Change['tier'],
): Change {
  return {
    address: contact.address,
    action: 'no-op',
    contact_id: stored.contact_id,
    inbox: contact.inboxId,
    source_id: contact.sourceId,
    tier: tierOf(stored.tier, contact.tier ?? null),
    before: contact.body,
    after: contact.body,
    changed_fields: NONE,
    drift: false,
    drift_fields: NONE,
    adopted: false,
    warnings: NONE,
  };
}

/** One frozen `{ before, after }` per pair of tiers. */
function tierPairs(): (before: string | null, after: string | null) => Change['tier'] {
  const pairs = new Map<string | null, Map<string | null, Change['tier']>>();
  return (before, after) => {
    let byAfter = pairs.get(before);
    if (!byAfter) pairs.set(before, (byAfter = new Map<string | null, Change['tier']>()));
    let pair = byAfter.get(after);
    if (!pair) byAfter.set(after, (pair = Object.freeze({ before, after })));
    return pair;
  };
}

function removedChange(
  address: string,
  stored: StateEntry,
  current: LiveBody | undefined,
  refreshed: boolean,
  onRemoval: OnRemoval,
): Change {
  const before = refreshed ? (current?.body ?? null) : stored.body;
  const driftFields =
    refreshed && current && !same(stored.body, current.body) ? diffBodies(stored.body, current.body) : [];
  const change: Change = {
    address,
    action: 'forget',
    contact_id: current?.contact_id ?? stored.contact_id,
    inbox: stored.inbox,
    source_id: stored.source_id,
    tier: { before: stored.tier, after: null },
    before,
    after: null,
    changed_fields: [],
    drift: (refreshed && !current) || driftFields.length > 0,
    drift_fields: driftFields,
    adopted: false,
    warnings: [],
  };
  if (before === null) {
    change.warnings.push('no longer declared and already gone from MaiAgent: forgotten from state');
  } else if (onRemoval === 'keep') {
    change.warnings.push(
      'no longer declared; on_removal is keep: left as it is in MaiAgent, forgotten from state',
    );
  } else if (onRemoval === 'delete') {
    change.action = 'delete';
    change.warnings.push('no longer declared; on_removal is delete: apply needs --allow-delete');
  } else {
    const after = revokedBody(stored.body);
    change.after = after;
    if (same(before, after)) {
      change.action = 'no-op';
    } else {
      change.action = 'revoke';
      change.changed_fields = diffBodies(before, after);
    }
  }
  return change;
}

/** Groups found by prefix before the map is asked. */
const RECENT_GROUPS = 8;

const byAddress = (a: Change, b: Change): number =>
  a.address < b.address ? -1 : a.address > b.address ? 1 : 0;

/**
 * Sorts changes by address, as `changes.sort(byAddress)` does (stably), in linear time when each
 * inbox's changes already come in order (a roster exported sorted, a config kept sorted). Addresses
 * are grouped by their part up to the first `/`: no such part is a prefix of another, so the groups'
 * order is the addresses' order, and each group is sorted only when it is not in order yet.
 */
export function sortByAddress(changes: Change[]): void {
  const groups = new Map<string, Change[]>();
  // The first few groups are found by their prefix, without cutting a key out of each address: a
  // config has a handful of inboxes, and a million contacts.
  const recent: { key: string; group: Change[] }[] = [];
  for (const change of changes) {
    const address = change.address;
    let group: Change[] | undefined;
    for (let i = 0; i < recent.length; i++) {
      const known = recent[i] as { key: string; group: Change[] };
      if (address.startsWith(known.key)) {
        group = known.group;
        break;
      }
    }
    if (!group) {
      const slash = address.indexOf('/');
      const key = slash < 0 ? address : address.slice(0, slash + 1);
      group = groups.get(key);
      if (!group) {
        groups.set(key, (group = []));
        // A key ending in its only `/` begins exactly the addresses of its group.
        if (slash >= 0 && recent.length < RECENT_GROUPS) recent.push({ key, group });
      }
    }
    group.push(change);
  }
  const keys = [...groups.keys()].sort();
  let at = 0;
  for (const key of keys) {
    const group = groups.get(key) as Change[];
    let sorted = true;
    for (let i = 1; i < group.length && sorted; i++)
      sorted = byAddress(group[i - 1] as Change, group[i] as Change) <= 0;
    if (!sorted) group.sort(byAddress);
    for (const change of group) changes[at++] = change;
  }
}

export function summarise(changes: readonly Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, revoke: 0, delete: 0, forget: 0, no_op: 0 };
  for (const change of changes) {
    if (change.action === 'no-op') summary.no_op += 1;
    else summary[change.action] += 1;
  }
  return summary;
}

/**
 * True when the plan would change anything (for --detailed-exitcode): any action but no-op, and no-ops
 * that apply still records in state (an adoption, a tier move that leaves the body as it is).
 */
export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.action !== 'no-op' || c.adopted || c.tier.before !== c.tier.after);
}

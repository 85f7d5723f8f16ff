/**
 * What the access section of a markdown plan shows, from the plan itself and the new config: "before" is
 * what state (or MaiAgent, when refreshed) holds for each contact; a tier's "before" is the reach its
 * contacts share in state, when they all share one (a tier whose contacts differ, e.g. through grants of
 * their own, shows only its contacts' changes). report/access formats it.
 */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import {
  accessSnapshot,
  declaredKnowledgeBases,
  type AccessSnapshot,
} from '../permissions/access-snapshot.js';
import { reachKey } from '../permissions/compare-reach.js';
import { createNames, type Names } from '../permissions/names.js';
import { reachOf } from '../permissions/summarize-reach.js';
import type { Reach } from '../permissions/types.js';
import type { Resolver } from '../resolve/resolve-contacts.js';
import type { Plan } from './types.js';

export interface PlanAccess {
  before: AccessSnapshot;
  after: AccessSnapshot;
  names: Names;
  /** Matrix columns: declared knowledge-base ids in config order. */
  kbs: readonly string[];
}

export function beforeSnapshot(plan: Plan): AccessSnapshot {
  const contacts: Record<string, Reach> = {};
  const byTier = new Map<string, Map<string, Reach>>();
  for (const change of plan.changes) {
    if (!change.before) continue;
    const reach = reachOf(change.before.query_metadata);
    contacts[change.address] = reach;
    const tier = change.tier.before;
    if (tier === null) continue;
    const seen = byTier.get(tier) ?? new Map<string, Reach>();
    seen.set(reachKey(reach), reach);
    byTier.set(tier, seen);
  }
  const tiers: Record<string, Reach> = {};
  for (const [tier, reaches] of byTier) if (reaches.size === 1) tiers[tier] = [...reaches.values()][0]!;
  return { contacts, tiers };
}

export function planAccess(plan: Plan, config: ContactsConfig, resolver?: Resolver): PlanAccess {
  return {
    before: beforeSnapshot(plan),
    after: accessSnapshot(config, resolver),
    names: createNames(config),
    kbs: declaredKnowledgeBases(config),
  };
}

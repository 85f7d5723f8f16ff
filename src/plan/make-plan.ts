/**
 * From a loaded, valid config and the state (and, when refreshed, the live contacts) to a Plan: resolve
 * every contact, diff, assess safety. Pure; the CLI's plan and apply commands both call it.
 */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { resolverFor, type Resolver } from '../resolve/resolve-contacts.js';
import { compareReach } from '../permissions/compare-reach.js';
import { reachOf } from '../permissions/summarize-reach.js';
import { extendsDowngrade } from './assess-safety.js';
import { digestConfig } from './config-digest.js';
import { planChanges, type StateView } from './plan-changes.js';
import { duplicateFindings } from './duplicate-findings.js';
import type { LiveBody, LiveCopy, Plan } from './types.js';

export interface MakePlanInput {
  config: ContactsConfig;
  state: StateView | null;
  live?: ReadonlyMap<string, LiveBody>;
  /** Identities with several live copies (refresh read them): reported as findings. */
  copies?: ReadonlyMap<string, readonly LiveCopy[]>;
  targets?: readonly string[];
  /**
   * Whether a tier move is a downgrade. Default: the new tier is one the old tier extends
   * (extendsDowngrade); the access model can pass a finer test (e.g. "reaches strictly less").
   */
  isDowngrade?: (from: string, to: string) => boolean;
}

/**
 * A tier move is a downgrade when the new tier is one the old tier extends (directly or further up), or
 * when, under the access model, the new tier reaches strictly less than the old one.
 */
export function tierDowngrade(tiers: object, resolver: Resolver): (from: string, to: string) => boolean {
  const declared = (t: string): boolean => Object.hasOwn(tiers, t);
  const byExtends = extendsDowngrade((t) => (declared(t) ? resolver.tier(t).chain : undefined));
  return (from, to) =>
    byExtends(from, to) ||
    (declared(from) &&
      declared(to) &&
      compareReach(reachOf(resolver.tier(to).queryMetadata), reachOf(resolver.tier(from).queryMetadata)) ===
        'less');
}

export function makePlan(input: MakePlanInput): { plan: Plan; resolver: Resolver } {
  const { config } = input;
  const resolver = resolverFor(config);
  const tiers = config.tiers ?? {};
  const aliases = new Map(
    Object.entries(config.inboxes ?? {}).map(([alias, id]) => [id.toLowerCase(), alias]),
  );
  const plan = planChanges({
    desired: resolver.contacts(),
    state: input.state,
    ...(input.live ? { live: input.live } : {}),
    onRemoval: config.on_removal ?? 'revoke',
    ...(input.targets ? { targets: input.targets } : {}),
    configDigest: '',
    inboxAlias: (id) => aliases.get(id),
    isDowngrade: input.isDowngrade ?? tierDowngrade(tiers, resolver),
  });
  // Only the JSON plan (and a saved one) shows the digest: a text plan of a million roster contacts
  // never computes it. Read once, it stays a plain value (enumerable, in its place among the keys).
  let digest: string | undefined;
  Object.defineProperty(plan, 'config_digest', {
    enumerable: true,
    configurable: true,
    get: () => (digest ??= digestConfig(config)),
    set: (value: string) => (digest = value),
  });
  if (input.copies) {
    plan.findings = duplicateFindings(plan.changes, input.copies, input.state);
    const unchosen = new Set(plan.findings.filter((f) => f.severity === 'error').map((f) => f.address));
    for (const change of plan.changes) {
      if (!unchosen.has(change.address)) continue;
      change.warnings.push(
        'several live copies and none in state: the copy shown is only the oldest, not a choice (see the duplicate-live-copies finding)',
      );
    }
  }
  return { plan, resolver };
}

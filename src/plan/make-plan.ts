/**
 * From a loaded, valid config and the state (and, when refreshed, the live contacts) to a Plan: resolve
 * every contact, diff, assess safety. Pure; the CLI's plan and apply commands both call it.
 */
import type { ContactsConfig } from '../config/contacts-config.generated.js';
import { createResolver, type Resolver } from '../resolve/resolve-contacts.js';
import { extendsDowngrade } from './assess-safety.js';
import { digestConfig } from './config-digest.js';
import { planChanges, type StateView } from './plan-changes.js';
import type { LiveContact, Plan } from './types.js';

export interface MakePlanInput {
  config: ContactsConfig;
  state: StateView | null;
  live?: ReadonlyMap<string, LiveContact>;
  targets?: readonly string[];
  /**
   * Whether a tier move is a downgrade. Default: the new tier is one the old tier extends
   * (extendsDowngrade); the access model can pass a finer test (e.g. "reaches strictly less").
   */
  isDowngrade?: (from: string, to: string) => boolean;
}

export function makePlan(input: MakePlanInput): { plan: Plan; resolver: Resolver } {
  const { config } = input;
  const resolver = createResolver(config);
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
    configDigest: digestConfig(config),
    inboxAlias: (id) => aliases.get(id),
    isDowngrade:
      input.isDowngrade ??
      extendsDowngrade((t) => (Object.hasOwn(tiers, t) ? resolver.tier(t).chain : undefined)),
  });
  return { plan, resolver };
}

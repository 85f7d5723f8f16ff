/** One plan that exercises every reporter branch: create, update (same tier and a move), revoke, no-op, a downgrade. */
import { makePlan } from '../../src/plan/make-plan.js';
import type { LiveBody, Plan } from '../../src/plan/types.js';
import { namesFromConfig, type Names } from '../../src/report/plan/names.js';
import type { ResolvedContact } from '../../src/resolve/types.js';
import { configFromYaml } from './config.js';
import { entryFor, stateOf } from './plan.js';

export const SCENARIO_YAML = `version: 1
inboxes:
  web-chat: 8a2b1c3d-4e5f-6789-abcd-ef0123456789
labels:
  vip: 11111111-2222-3333-4444-555555555555
knowledge_bases:
  product-docs:
    id: 123e4567-e89b-12d3-a456-426614174000
    files: { manual: 9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e }
    faqs: { pricing: a1b2c3d4-e5f6-7890-abcd-1234567890ab, shipping: a1b2c3d4-e5f6-7890-abcd-1234567890ac }
tiers:
  visitor:
    knowledge_bases: [{ kb: product-docs, faqs: [pricing] }]
  member:
    extends: visitor
    knowledge_bases: [{ kb: product-docs, files: [manual], faqs: [pricing, shipping] }]
  vip:
    extends: member
    labels: vip
contacts:
  - { source_id: promoted, name: Promoted, inbox: web-chat, tier: vip }
  - { source_id: steady, name: Steady, inbox: web-chat, tier: member }
  - { source_id: newcomer, name: Newcomer, inbox: web-chat, tier: visitor }
  - { source_id: demoted, name: Demoted, inbox: web-chat, tier: visitor }
  - { source_id: vip-2, name: Second VIP, inbox: web-chat, tier: vip }
`;

export interface Scenario {
  plan: Plan;
  names: Names;
  by(sourceId: string): ResolvedContact;
}

export function scenario(live?: (by: (s: string) => ResolvedContact) => Map<string, LiveBody>): Scenario {
  const config = configFromYaml(SCENARIO_YAML);
  const first = makePlan({ config: config.value, state: null });
  const desired = first.resolver.contacts();
  const by = (sourceId: string): ResolvedContact => {
    const hit = desired.find((c) => c.sourceId === sourceId);
    if (!hit) throw new Error(sourceId);
    return hit;
  };
  const member = first.resolver.tier('member').queryMetadata;
  const vip = first.resolver.tier('vip').queryMetadata;
  const oldVip = { ...vip, knowledge_bases: [{ ...vip.knowledge_bases?.[0], chatbot_file_ids: [] }] };
  const left = {
    ...entryFor(by('steady')),
    identity: `${by('steady').inboxId}/left`,
    source_id: 'left',
    address: 'web-chat/left',
  };
  left.body = { ...left.body, name: 'Left', source_id: 'left' };
  const state = stateOf([
    entryFor(by('promoted'), { tier: 'member', body: { ...by('promoted').body, query_metadata: member } }),
    entryFor(by('steady')),
    entryFor(by('demoted'), { tier: 'vip', body: { ...by('demoted').body, query_metadata: vip } }),
    entryFor(by('vip-2'), { body: { ...by('vip-2').body, query_metadata: oldVip as never } }),
    left,
  ]);
  const { plan } = makePlan({ config: config.value, state, ...(live ? { live: live(by) } : {}) });
  return { plan, names: namesFromConfig(config.value), by };
}

import { describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/plan/make-plan.js';
import { planAccess } from '../../../src/plan/plan-access.js';
import { planAccessSection } from '../../../src/report/access/plan-access-section.js';
import { PLAN_REPORTERS } from '../../../src/report/plan/index.js';
import { createResolver } from '../../../src/resolve/resolve-contacts.js';
import { exampleConfig } from '../../helpers/config.js';
import { entryFor, stateOf } from '../../helpers/plan.js';

/** The worked example as applied, except that the member tier did not have the shipping FAQ yet. */
function appliedWithoutShipping() {
  const config = exampleConfig().value;
  const older = structuredClone(config);
  older.tiers!['member']!.knowledge_bases = [{ kb: 'product-docs', files: ['manual'], faqs: ['pricing'] }];
  const applied = createResolver(older).contacts();
  return { config, state: stateOf(applied.map((c) => entryFor(c))) };
}

describe('the access section of the markdown plan', () => {
  it('names what a tier and its contacts gain, and draws the tier × knowledge-base matrix', () => {
    const { config, state } = appliedWithoutShipping();
    const { plan, resolver } = makePlan({ config, state });
    const section = planAccessSection(planAccess(plan, config, resolver));
    expect(section.title).toBe('Access');
    expect(section.body).toContain('| `member` | file manual · FAQs pricing, shipping |');
    expect(section.body).toContain('- **tier `member`**: `product-docs`: gains FAQ shipping');
    expect(section.body).toContain(
      '- **contact `web-chat/user_234567`**: `product-docs`: gains FAQ shipping',
    );
    // The other tiers and contacts did not change: they are not listed.
    expect(section.body).not.toContain('tier `vip`');
    expect(section.body).not.toContain('user_123456');
  });

  it('is placed in the markdown comment', () => {
    const { config, state } = appliedWithoutShipping();
    const { plan, resolver } = makePlan({ config, state });
    const markdown = PLAN_REPORTERS.markdown(plan, {
      color: false,
      extraSections: [planAccessSection(planAccess(plan, config, resolver))],
    });
    expect(markdown).toMatch(/### Access\n\n\*\*Tier × knowledge base\*\*/);
    expect(markdown.indexOf('### Access')).toBeLessThan(markdown.indexOf('### Changes'));
  });
});

describe('tier downgrades under the access model', () => {
  it('flags a move to a tier that reaches strictly less, even when it does not extend it', () => {
    const config = exampleConfig().value;
    const applied = createResolver(config).contacts();
    // The VIP moves to a new tier that only reads the pricing FAQ; vip does not extend it.
    const moved = structuredClone(config);
    moved.tiers!['basic'] = { knowledge_bases: [{ kb: 'product-docs', faqs: ['pricing'] }] };
    moved.contacts!.find((c) => c.source_id === 'user_123456')!.tier = 'basic';
    const { plan } = makePlan({ config: moved, state: stateOf(applied.map((c) => entryFor(c))) });
    expect(plan.safety.requires_force).toBe(true);
    expect(plan.safety.reasons.map((r) => r.message).join('\n')).toContain('user_123456');
  });

  it('does not flag an upgrade (visitor to member reaches more)', () => {
    const config = exampleConfig().value;
    const applied = createResolver(config).contacts();
    const moved = structuredClone(config);
    moved.contacts!.find((c) => c.source_id === 'shared-visitor')!.tier = 'member';
    const { plan } = makePlan({ config: moved, state: stateOf(applied.map((c) => entryFor(c))) });
    expect(plan.changes.find((c) => c.source_id === 'shared-visitor')?.action).toBe('update');
    expect(plan.safety.requires_force).toBe(false);
  });
});

/** One resolver per config: policies, permission tests and the plan share it, and each tier and contact is resolved once. */
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/make-plan.js';
import { accessSnapshot } from '../../src/permissions/access-snapshot.js';
import { checkPolicies } from '../../src/permissions/check-policies.js';
import { createSubjects } from '../../src/permissions/subjects.js';
import { createResolver, resolverFor } from '../../src/resolve/resolve-contacts.js';
import { exampleConfig } from '../helpers/config.js';

describe('resolverFor', () => {
  it('is one resolver per config value, the one the plan and the permission checks use', () => {
    const config = exampleConfig().value;
    const resolver = resolverFor(config);
    expect(resolverFor(config)).toBe(resolver);
    expect(createSubjects(config).resolver).toBe(resolver);
    expect(makePlan({ config, state: null }).resolver).toBe(resolver);
    // Another config value (a changed copy) gets its own.
    expect(resolverFor({ ...config })).not.toBe(resolver);
  });

  it('resolves each contact once: what a policy resolved is what the plan sends', () => {
    const config = exampleConfig().value;
    checkPolicies(config);
    accessSnapshot(config);
    const first = resolverFor(config).contact(0);
    const { plan } = makePlan({ config, state: null });
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(resolverFor(config).contacts()[0]).toBe(first);
    // A resolver of its own resolves afresh (equal, not the same object).
    const fresh = createResolver(config).contact(0);
    expect(fresh).not.toBe(first);
    expect(fresh).toEqual(first);
  });
});

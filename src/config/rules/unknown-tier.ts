import { contactUses, referenceIndex, type Reference } from '../collect-references.js';
import type { Rule } from './rule.js';
import { unknownHint } from './suggest.js';
import { nodeOf } from './walk-config.js';

export const unknownTier: Rule = {
  id: 'unknown-tier',
  severity: 'error',
  description: 'A contact, an `extends`, a policy or a test names a tier that is not declared.',
  fix: 'declare the tier under `tiers:` or fix its spelling',
  check({ root, report }) {
    const tiers = nodeOf(root['tiers']);
    const unknown = (ref: Reference): void =>
      report({
        message: `unknown tier "${ref.ref}"`,
        hint: unknownHint(ref.ref, Object.keys(tiers), `declare tiers.${ref.ref}`),
        path: ref.path,
      });
    const { refs, contactValues } = referenceIndex(root);
    for (const ref of refs) if (ref.kind === 'tier' && !Object.hasOwn(tiers, ref.ref)) unknown(ref);
    for (const name of contactValues.tier)
      if (!Object.hasOwn(tiers, name)) contactUses(root, 'tier', name).forEach(unknown);
  },
};

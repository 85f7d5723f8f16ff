import { referenceIndex } from '../collect-references.js';
import type { Rule } from './rule.js';
import { tierSites } from './walk-config.js';

export const unusedTier: Rule = {
  id: 'unused-tier',
  severity: 'warning',
  description: 'A tier is declared but no contact, tier, policy or test uses it.',
  fix: 'remove the tier, or assign it to contacts',
  check({ root, report }) {
    const { refs, contactValues } = referenceIndex(root);
    const used = new Set(contactValues.tier);
    for (const ref of refs) if (ref.kind === 'tier') used.add(ref.ref);
    for (const { name, path } of tierSites(root)) {
      if (used.has(name)) continue;
      report({
        message: `tier "${name}" is never used`,
        hint: 'remove it, or give it to contacts with `tier:`',
        path,
        part: 'key',
      });
    }
  },
};

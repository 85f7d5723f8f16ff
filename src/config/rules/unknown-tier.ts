import type { Rule } from './rule.js';

export const unknownTier: Rule = {
  id: 'unknown-tier',
  severity: 'error',
  description: 'A contact, an `extends`, a policy or a test names a tier that is not declared.',
  check({ value, report }) {
    const tiers = value.tiers ?? {};
    const known = (name: string): boolean => Object.hasOwn(tiers, name);
    value.contacts?.forEach((contact, i) => {
      if (contact.tier !== undefined && !known(contact.tier)) {
        report({
          message: `contact ${contact.source_id} has unknown tier "${contact.tier}"`,
          hint: `declare tiers.${contact.tier} or use one of: ${Object.keys(tiers).join(', ') || '(none declared)'}`,
          path: ['contacts', i, 'tier'],
        });
      }
    });
  },
};

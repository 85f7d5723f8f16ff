import { formatLocation } from '../../config/diagnostic.js';
import type { LoadedConfig } from '../../config/load-config.js';
import type { Rule } from '../../config/rules/rule.js';
import { checkPolicies, type PolicyViolation } from '../check-policies.js';

const SHOWN = 5;

/** `tier visitor and contacts web-chat/a, web-chat/b (and 3 more)`. */
export function describeSubjects(violation: PolicyViolation): string {
  const parts: string[] = [];
  if (violation.tiers.length > 0) {
    parts.push(`${violation.tiers.length === 1 ? 'tier' : 'tiers'} ${violation.tiers.join(', ')}`);
  }
  const contacts = violation.contacts;
  if (contacts.length > 0) {
    const shown = contacts.slice(0, SHOWN).join(', ');
    const more = contacts.length > SHOWN ? ` (and ${contacts.length - SHOWN} more)` : '';
    parts.push(`${contacts.length === 1 ? 'contact' : `${contacts.length} contacts`} ${shown}${more}`);
  }
  return parts.join(' and ');
}

function where(config: LoadedConfig, violation: PolicyViolation): string {
  const grant = formatLocation(config.locate(violation.cause));
  const also = violation.alsoCause ? formatLocation(config.locate(violation.alsoCause)) : '';
  return `${grant ? ` (grant at ${grant}${also ? `, with ${also}` : ''})` : ''}`;
}

export const policyViolation: Rule = {
  id: 'policy-violation',
  severity: 'error',
  needsSoundConfig: true,
  description:
    "A tier or contact in a policy's scope can reach content the policy denies, or the policy names something undeclared.",
  check({ config, value, report }) {
    // Undeclared tiers, inboxes and content named by a policy are reported by the unknown-* rules.
    const { violations } = checkPolicies(value);
    for (const v of violations) {
      const policyAt = formatLocation(config.locate(['policies', v.index, 'name']));
      report({
        message: `policy "${v.policy}" violated: ${describeSubjects(v)} can reach ${v.content}${where(config, v)}: ${v.reason}`,
        hint: `remove or narrow this grant, or change the policy${policyAt ? ` at ${policyAt}` : ''}`,
        path: v.cause,
      });
    }
  },
};

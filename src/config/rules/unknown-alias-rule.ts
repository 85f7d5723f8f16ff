/** Builds the rules that check references to a top-level alias map (inboxes, labels, knowledge bases). */
import { isUuid, looksLikeUuid } from '../references.js';
import { contactUses, referenceIndex, type Reference, type ReferenceKind } from '../collect-references.js';
import type { Rule } from './rule.js';
import { unknownHint } from './suggest.js';
import { nodeOf } from './walk-config.js';

export function unknownAliasRule(options: {
  id: string;
  kind: ReferenceKind;
  section: 'inboxes' | 'labels' | 'knowledge_bases';
  noun: string;
  example: string;
}): Rule {
  const { id, kind, section, noun, example } = options;
  return {
    id,
    severity: 'error',
    description: `A reference names ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} that is neither an alias under \`${section}:\` nor a UUID.`,
    fix: `declare the alias under \`${section}:\`, fix its spelling, or write the UUID`,
    check({ root, report }) {
      const declared = nodeOf(root[section]);
      const names = Object.keys(declared);
      const known = (ref: string): boolean =>
        Object.hasOwn(declared, ref) || isUuid(ref) || looksLikeUuid(ref);
      const unknown = (ref: Reference): void =>
        report({
          message: `unknown ${noun} "${ref.ref}"`,
          hint: unknownHint(ref.ref, names, `declare it under ${section}: (${example}) or write its UUID`),
          path: ref.path,
        });
      const { refs, contactValues } = referenceIndex(root);
      for (const ref of refs) if (ref.kind === kind && !ref.raw && !known(ref.ref)) unknown(ref);
      // Contacts name their inbox: each name written is judged once, and reported at every contact.
      if (kind !== 'inbox') return;
      for (const name of contactValues.inbox)
        if (!known(name)) contactUses(root, 'inbox', name).forEach(unknown);
    },
  };
}

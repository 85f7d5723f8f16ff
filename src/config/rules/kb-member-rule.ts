/** Builds the rules for files and FAQs: each must be declared under the knowledge base it is granted with. */
import type { ContactsConfig } from '../contacts-config.generated.js';
import { findKnowledgeBase, isUuid, looksLikeUuid } from '../references.js';
import { referenceIndex, type Reference } from '../collect-references.js';
import type { Rule } from './rule.js';
import { unknownHint } from './suggest.js';
import { isNode, nodeOf, type Node } from './walk-config.js';

export function kbMemberRule(options: { id: string; kind: 'file' | 'faq'; section: 'files' | 'faqs' }): Rule {
  const { id, kind, section } = options;
  const noun = kind === 'file' ? 'file' : 'FAQ';
  return {
    id,
    severity: 'error',
    description: `A grant, policy or test names ${noun === 'file' ? 'a file' : 'an FAQ'} that is not declared under that knowledge base's \`${section}:\`.`,
    fix: `declare it under \`knowledge_bases.<kb>.${section}\`, or name it with the right knowledge base`,
    check({ value, root, report }) {
      const members = (kb: unknown): Node => (isNode(kb) ? nodeOf(kb[section]) : {});
      /** The other knowledge base that declares `ref` (an alias, or a UUID among its values). */
      const ownerElsewhere = (ref: string, except: string): string | undefined => {
        const id = ref.toLowerCase();
        for (const [alias, kb] of Object.entries(nodeOf(root['knowledge_bases']))) {
          if (alias === except) continue;
          const map = members(kb);
          if (
            isUuid(ref)
              ? Object.values(map).some((v) => String(v).toLowerCase() === id)
              : Object.hasOwn(map, ref)
          )
            return alias;
        }
        return undefined;
      };
      for (const ref of referenceIndex(root).refs) {
        if (ref.kind !== kind || ref.kb === undefined) continue;
        const problem = check(value, ref, ref.kb);
        if (problem) report({ ...problem, path: ref.path });
      }

      function check(config: ContactsConfig, ref: Reference, kbRef: string) {
        const found = findKnowledgeBase(config, kbRef);
        if (!found) {
          if (!isUuid(kbRef) || isUuid(ref.ref) || ref.raw || looksLikeUuid(ref.ref)) return undefined;
          return {
            message: `${noun} "${ref.ref}" cannot be resolved: knowledge base ${kbRef} is not declared`,
            hint: `declare the knowledge base under knowledge_bases: with its ${section}, or write the ${noun}'s UUID`,
          };
        }
        const map = members(found.kb);
        if (!ref.raw && Object.hasOwn(map, ref.ref)) return undefined;
        if (isUuid(ref.ref)) {
          const id = ref.ref.toLowerCase();
          if (Object.values(map).some((v) => String(v).toLowerCase() === id)) return undefined;
          const other = ownerElsewhere(ref.ref, found.alias);
          if (!other) return undefined;
          return {
            message: `${noun} ${ref.ref} belongs to knowledge base "${other}", not "${found.alias}"`,
            hint: `grant it with knowledge base ${other}, or check the UUID`,
          };
        }
        if (ref.raw || looksLikeUuid(ref.ref)) return undefined;
        const other = ownerElsewhere(ref.ref, found.alias);
        return {
          message: other
            ? `${noun} "${ref.ref}" is declared under knowledge base "${other}", not "${found.alias}"`
            : `${noun} "${ref.ref}" is not declared under knowledge base "${found.alias}"`,
          hint: unknownHint(
            ref.ref,
            Object.keys(map),
            `declare it under knowledge_bases.${found.alias}.${section} (alias: UUID) or write its UUID`,
          ),
        };
      }
    },
  };
}

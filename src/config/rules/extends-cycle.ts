import type { Rule } from './rule.js';
import { extendsOf, nodeOf, tierSites } from './walk-config.js';

export const extendsCycle: Rule = {
  id: 'extends-cycle',
  severity: 'error',
  description: 'Tiers extend each other in a cycle, so none of them can be resolved.',
  fix: 'remove one `extends` of the cycle',
  check({ root, report }) {
    const tiers = nodeOf(root['tiers']);
    const parents = new Map(
      tierSites(root).map((t) => [t.name, extendsOf(t.node).filter((p) => Object.hasOwn(tiers, p))]),
    );
    const state = new Map<string, 'open' | 'done'>();
    const reported = new Set<string>();
    const stack: string[] = [];
    const visit = (name: string): void => {
      state.set(name, 'open');
      stack.push(name);
      for (const parent of parents.get(name) ?? []) {
        if (state.get(parent) === 'open') {
          const cycle = stack.slice(stack.indexOf(parent));
          const start = cycle.indexOf([...cycle].sort()[0] ?? parent);
          const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
          const key = ordered.join('\u0000');
          if (reported.has(key)) continue;
          reported.add(key);
          const [first = parent] = ordered;
          const next = ordered[1] ?? first;
          const list = extendsOf(nodeOf(tiers[first]));
          const index = list.indexOf(next);
          const single = typeof nodeOf(tiers[first])['extends'] === 'string';
          report({
            message: `tiers extend each other in a cycle: ${[...ordered, first].join(' → ')}`,
            hint: `remove one extends of the cycle, e.g. "${next}" from tiers.${first}.extends`,
            path: single ? ['tiers', first, 'extends'] : ['tiers', first, 'extends', index],
          });
        } else if (!state.has(parent)) {
          visit(parent);
        }
      }
      stack.pop();
      state.set(name, 'done');
    };
    for (const name of [...parents.keys()].sort()) if (!state.has(name)) visit(name);
  },
};

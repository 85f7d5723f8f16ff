import type { PathSegment } from '../parse-yaml.js';
import type { Rule } from './rule.js';
import { scanStrings, type ScannedString } from './string-scan.js';

export const secretLikeField: Rule = {
  id: 'secret-like-field',
  severity: 'error',
  description:
    'A field looks like a credential (`api_key`, `token`, `password`, `secret` …) or a value like an auth header.',
  fix: 'remove it: the API key is read from MAIAGENT_API_KEY, never from the config; rotate it if it was committed',
  check({ root, report }) {
    const hint =
      'remove it: mai-contacts reads the API key from MAIAGENT_API_KEY only; rotate the secret if it was committed';
    const { secretKeys, secretValues } = scanStrings(root);
    // An object shared through a YAML alias is one place in the file: reported where it is first met.
    const reported = new Map<object, Set<PathSegment | undefined>>();
    const first = ({ owner, path }: ScannedString): boolean => {
      let at = reported.get(owner);
      if (!at) reported.set(owner, (at = new Set()));
      const slot = path[path.length - 1];
      if (at.has(slot)) return false;
      at.add(slot);
      return true;
    };
    for (const found of secretKeys) {
      if (first(found))
        report({ message: `"${found.text}" looks like a secret`, hint, path: found.path, part: 'key' });
    }
    for (const found of secretValues) {
      if (first(found)) report({ message: 'this value looks like a credential', hint, path: found.path });
    }
  },
};

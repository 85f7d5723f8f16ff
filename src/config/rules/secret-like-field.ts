import { isSecretLikeKey } from '../../util/secret-text.js';
import type { PathSegment } from '../parse-yaml.js';
import type { Rule } from './rule.js';
import { isNode } from './walk-config.js';

// An Authorization header value: a scheme, then a long token with at least one digit.
const SECRET_VALUE = /^(api-key|bearer|token|basic)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}$/i;

/** Maps whose keys are names chosen by the user (aliases, tiers), not fields. */
function keysAreNames(path: readonly PathSegment[]): boolean {
  if (path.length === 1) return ['inboxes', 'labels', 'knowledge_bases', 'tiers'].includes(String(path[0]));
  return path.length === 3 && path[0] === 'knowledge_bases' && (path[2] === 'files' || path[2] === 'faqs');
}

export const secretLikeField: Rule = {
  id: 'secret-like-field',
  severity: 'error',
  description:
    'A field looks like a credential (`api_key`, `token`, `password`, `secret` …) or a value like an auth header.',
  fix: 'remove it: the API key is read from MAIAGENT_API_KEY, never from the config; rotate it if it was committed',
  check({ root, report }) {
    const hint =
      'remove it: mai-contacts reads the API key from MAIAGENT_API_KEY only; rotate the secret if it was committed';
    const seen = new WeakSet<object>();
    // One path stack for the whole walk (copied only into a finding): 100,000 contacts, no garbage.
    const path: PathSegment[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') {
        if (SECRET_VALUE.test(value))
          report({ message: 'this value looks like a credential', hint, path: [...path] });
        return;
      }
      if (value === null || typeof value !== 'object' || seen.has(value)) return;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          walk(value[i]);
          path.pop();
        }
        return;
      }
      if (!isNode(value)) return;
      const names = keysAreNames(path);
      for (const key of Object.keys(value)) {
        if (!names && isSecretLikeKey(key)) {
          report({ message: `"${key}" looks like a secret`, hint, path: [...path, key], part: 'key' });
          continue;
        }
        path.push(key);
        walk(value[key]);
        path.pop();
      }
    };
    walk(root);
  },
};

/**
 * `fmt`: canonical formatting of a config file through the yaml Document API, so comments, blank lines,
 * quoting and flow style are kept. Known keys are put in a canonical order (KEY_ORDER; unknown keys
 * follow in their own order; alias maps such as `inboxes` or `tiers` keep the author's order), with
 * 2-space indentation and no line folding. Formatting formatted text changes nothing.
 */
import { CST, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Pair } from 'yaml';
import type { Diagnostic } from '../config/diagnostic.js';

const GRANT = ['kb', 'files', 'faqs', 'all'];
const ACCESS = ['kb', 'file', 'faq', 'labels'];

/** The canonical key order of each kind of mapping. */
export const KEY_ORDER = {
  config: [
    'version',
    'api',
    'on_removal',
    'inboxes',
    'labels',
    'knowledge_bases',
    'tiers',
    'contacts',
    'policies',
    'tests',
  ],
  api: ['inbox_field'],
  knowledgeBase: ['id', 'description', 'inboxes', 'files', 'faqs'],
  tier: ['description', 'extends', 'labels', 'knowledge_bases'],
  grant: GRANT,
  contact: ['source_id', 'name', 'avatar', 'inbox', 'tier', 'labels', 'knowledge_bases', 'query_metadata'],
  policy: ['name', 'description', 'tiers', 'inboxes', 'deny'],
  test: ['name', 'contact', 'tier', 'can', 'cannot'],
  access: ACCESS,
} as const;

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

function reorder(node: unknown, order: readonly string[]): void {
  if (!isMap(node)) return;
  const rank = (pair: unknown): number => {
    const key = isPair(pair) ? keyOf(pair) : undefined;
    const index = key === undefined ? -1 : order.indexOf(key);
    return index === -1 ? order.length : index;
  };
  const ranked = node.items.map((pair, i) => ({ pair, rank: rank(pair), i }));
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  node.items = ranked.map((r) => r.pair);
}

function child(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => keyOf(p) === key);
  return pair?.value;
}

function eachValue(map: unknown, visit: (value: unknown) => void): void {
  if (isMap(map)) for (const pair of map.items) visit(pair.value);
}

function eachItem(seq: unknown, visit: (item: unknown) => void): void {
  if (isSeq(seq)) for (const item of seq.items) visit(item);
}

function orderGrants(owner: unknown): void {
  eachItem(child(owner, 'knowledge_bases'), (grant) => reorder(grant, KEY_ORDER.grant));
}

/**
 * A comment written after `key:` on the key's own line is parsed as a comment before the value; put it
 * back on the key's line, where the author wrote it.
 */
function keepKeyLineComments(node: unknown, text: string): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const value = pair.value as { commentBefore?: string | null } | null;
      if (isScalar(pair.key) && pair.key.range && value && (isMap(value) || isSeq(value)) && !value.flow) {
        const end = text.indexOf('\n', pair.key.range[1]);
        const rest = text.slice(pair.key.range[1], end === -1 ? undefined : end);
        const inline = /^\s*:\s+#(.*)$/.exec(rest)?.[1];
        const before = value.commentBefore;
        if (inline !== undefined && before && !pair.key.comment && before.split('\n')[0] === inline) {
          pair.key.comment = inline;
          const remaining = before.split('\n').slice(1).join('\n');
          value.commentBefore = remaining === '' ? null : remaining;
        }
      }
      keepKeyLineComments(pair.value, text);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) keepKeyLineComments(item, text);
  }
}

const CONTROL = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** Prettier's flow style: padding inside `{ }` but not inside `[]`. The lexer keeps quoted text intact. */
function unpadFlowSequences(text: string): string {
  const tokens = [...new Lexer().lex(text)].filter((t) => !CONTROL.has(t));
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const type = CST.tokenType(token);
    if (type === 'space') {
      if (CST.tokenType(tokens[i - 1] ?? '') === 'flow-seq-start') continue;
      if (CST.tokenType(tokens[i + 1] ?? '') === 'flow-seq-end') continue;
    }
    out += token;
  }
  return out;
}

export function formatConfigText(
  text: string,
  path: string,
): { text: string; diagnostics: [] } | { text?: undefined; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return {
          rule: e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax',
          severity: 'error' as const,
          message: e.message.split('\n')[0] ?? e.message,
          hint: 'fix the YAML first (mai-contacts validate explains it)',
          location: { file: path, line, column: col },
        };
      }),
    };
  }
  keepKeyLineComments(doc.contents, text);
  const root = doc.contents;
  reorder(root, KEY_ORDER.config);
  reorder(child(root, 'api'), KEY_ORDER.api);
  eachValue(child(root, 'knowledge_bases'), (kb) => reorder(kb, KEY_ORDER.knowledgeBase));
  eachValue(child(root, 'tiers'), (tier) => {
    reorder(tier, KEY_ORDER.tier);
    orderGrants(tier);
  });
  eachItem(child(root, 'contacts'), (contact) => {
    reorder(contact, KEY_ORDER.contact);
    orderGrants(contact);
  });
  eachItem(child(root, 'policies'), (policy) => {
    reorder(policy, KEY_ORDER.policy);
    reorder(child(policy, 'deny'), KEY_ORDER.access);
  });
  eachItem(child(root, 'tests'), (test) => {
    reorder(test, KEY_ORDER.test);
    reorder(child(test, 'can'), KEY_ORDER.access);
    reorder(child(test, 'cannot'), KEY_ORDER.access);
  });
  const formatted = doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: true });
  return { text: unpadFlowSequences(formatted), diagnostics: [] };
}

/** Bodies for people: pretty JSON with the config's alias beside each id, and semantic line diffs. */
import { structuredPatch } from 'diff';
import { canonicalBody, type BodyLike } from '../../plan/canonical.js';
import type { GrantAtom } from '../../plan/grant-atoms.js';
import type { ContactBody } from '../../resolve/types.js';
import type { Names } from './names.js';

const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

/** Appends `  # <what the id is>` to a line that holds an id the config names. */
export function annotate(line: string, names: Names): string {
  const id = UUID.exec(line)?.[0];
  const what = id ? names.describe(id) : undefined;
  return what ? `${line}  # ${what}` : line;
}

/** The body as it will be sent, pretty, annotated. */
export function bodyLines(body: ContactBody, names: Names): string[] {
  return JSON.stringify(body, null, 2)
    .split('\n')
    .map((l) => annotate(l, names));
}

/**
 * A unified diff of two bodies in canonical form (sorted keys and ids, so only meaning shows), as lines
 * starting with `@@`, ` `, `-` or `+`. Empty when they mean the same.
 */
export function bodyDiffLines(
  before: BodyLike | null,
  after: BodyLike | null,
  names: Names,
  context = 3,
): string[] {
  const text = (b: BodyLike | null): string =>
    b === null ? '' : `${JSON.stringify(canonicalBody(b), null, 2)}\n`;
  const patch = structuredPatch('before', 'after', text(before), text(after), undefined, undefined, {
    context,
  });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) if (!line.startsWith('\\')) lines.push(annotate(line, names));
  }
  return lines;
}

/** `query_metadata.knowledge_bases[<id>].faq_ids` with the knowledge base's alias in place of its id. */
export function describeField(path: string, names: Names): string {
  return path.replace(/\[([^\]]+)\]/g, (_m, id: string) => `[${names.knowledgeBase(id)}]`);
}

export function describeAtom(atom: GrantAtom, names: Names): string {
  switch (atom.kind) {
    case 'knowledge_base':
      return `knowledge base \`${names.knowledgeBase(atom.id)}\``;
    case 'all':
      return `everything in \`${names.knowledgeBase(atom.id)}\``;
    case 'file':
      return `file \`${names.file(atom.kb ?? '', atom.id)}\``;
    case 'faq':
      return `FAQ \`${names.faq(atom.kb ?? '', atom.id)}\``;
    case 'label':
      return `label \`${names.label(atom.id)}\``;
  }
}

/** A label_relations expression in words: `vip or (enterprise and advanced)`. */
export function describeLabels(condition: unknown, names: Names, nested = false): string {
  if (condition === null || typeof condition !== 'object') return String(condition);
  const c = condition as { label_id?: unknown; operator?: unknown; conditions?: unknown };
  if (typeof c.label_id === 'string') return names.label(c.label_id);
  if (!Array.isArray(c.conditions)) return JSON.stringify(condition);
  const op = String(c.operator).toUpperCase() === 'AND' ? ' and ' : ' or ';
  const parts = c.conditions.map((x) => describeLabels(x, names, true));
  const text = parts.join(op);
  return nested && parts.length > 1 ? `(${text})` : text;
}

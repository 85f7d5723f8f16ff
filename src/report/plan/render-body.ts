/** Bodies for people: pretty JSON with the config's alias beside each id, and semantic line diffs. */
import { structuredPatch } from 'diff';
import { canonicalBody, type BodyLike } from '../../resolve/canonical-body.js';
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

/** What the config calls the id on a line (for a `  # ...` note), if anything. */
function noteFor(line: string, names: Names): string | undefined {
  const id = UUID.exec(line)?.[0];
  return id ? names.describe(id) : undefined;
}

type NotedLine = readonly [text: string, note: string | undefined];

function withNote([text, note]: NotedLine): string {
  return note ? `${text}  # ${note}` : text;
}

/**
 * Prints bodies exactly as JSON.stringify(body, null, 2), ids annotated, each line passed through
 * `decorate` (indentation, `+ ` markers, colour). The lines of an object value (a tier's query_metadata,
 * shared by all its contacts) are built once per printer: printing 100,000 bodies stays cheap.
 */
export interface BodyPrinter {
  lines(body: ContactBody): string[];
  text(body: ContactBody): string;
}

export function createBodyPrinter(names: Names, decorate: (line: string) => string = (l) => l): BodyPrinter {
  const cache = new Map<object, { first: string; middle: string[]; last: string }>();
  const objectLines = (value: object): { first: string; middle: string[]; last: string } => {
    let hit = cache.get(value);
    if (!hit) {
      const noted = JSON.stringify(value, null, 2)
        .split('\n')
        .map((l) => [l, noteFor(l, names)] as const);
      hit = {
        first: withNote(noted[0] as NotedLine),
        middle: noted.slice(1, -1).map((l) => decorate(`  ${withNote(l)}`)),
        last: (noted.length > 1 ? noted[noted.length - 1]?.[0] : '') ?? '',
      };
      cache.set(value, hit);
    }
    return hit;
  };
  const lines = (body: ContactBody): string[] => {
    const out = [decorate('{')];
    const record = body as unknown as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined);
    keys.forEach((key, i) => {
      const value = record[key];
      const comma = i < keys.length - 1 ? ',' : '';
      if (value !== null && typeof value === 'object') {
        const { first, middle, last } = objectLines(value);
        if (middle.length === 0 && last === '') {
          out.push(decorate(`  ${JSON.stringify(key)}: ${first}${comma}`));
        } else {
          out.push(decorate(`  ${JSON.stringify(key)}: ${first}`), ...middle, decorate(`  ${last}${comma}`));
        }
      } else {
        const json = JSON.stringify(value);
        out.push(decorate(withNote([`  ${JSON.stringify(key)}: ${json}${comma}`, noteFor(json, names)])));
      }
    });
    out.push(decorate('}'));
    return out;
  };
  return { lines, text: (body) => lines(body).join('\n') };
}

/** The body as it will be sent, pretty (exactly JSON.stringify(body, null, 2)), ids annotated. */
export function bodyLines(body: ContactBody, names: Names): string[] {
  return createBodyPrinter(names).lines(body);
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

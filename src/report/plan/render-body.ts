/** Bodies for people: pretty JSON with the config's alias beside each id, and semantic line diffs. */
import { structuredPatch } from 'diff';
import { canonicalBody, type BodyLike, type CanonicalBody } from '../../resolve/canonical-body.js';
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
 *
 * When only query_metadata differs (a tier move: thousands of contacts between the same two shared
 * objects), the diff is made once per pair of objects with stand-ins for the contact's own fields, which
 * are then put back: the same lines as `plainBodyDiffLines`, without a diff per contact.
 */
export function bodyDiffLines(
  before: BodyLike | null,
  after: BodyLike | null,
  names: Names,
  context = 3,
): string[] {
  const raw = (before && after && sharedDiff(before, after, context)) || plainDiff(before, after, context);
  return raw.map((line) => annotate(line, names));
}

/** bodyDiffLines without the shared-pair shortcut (the reference its tests compare against). */
export function plainBodyDiffLines(
  before: BodyLike | null,
  after: BodyLike | null,
  names: Names,
  context = 3,
): string[] {
  return plainDiff(before, after, context).map((line) => annotate(line, names));
}

function plainDiff(before: BodyLike | null, after: BodyLike | null, context: number): string[] {
  return diffTexts(
    before === null ? '' : `${JSON.stringify(canonicalBody(before), null, 2)}\n`,
    after === null ? '' : `${JSON.stringify(canonicalBody(after), null, 2)}\n`,
    context,
  );
}

function diffTexts(before: string, after: string, context: number): string[] {
  const patch = structuredPatch('before', 'after', before, after, undefined, undefined, { context });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) if (!line.startsWith('\\')) lines.push(line);
  }
  return lines;
}

/** Unguessable, so that no value can look like a stand-in. */
const NONCE = Math.random().toString(36).slice(2, 10);
const STAND_INS = {
  avatar: `\u0000${NONCE}:avatar`,
  name: `\u0000${NONCE}:name`,
  source_id: `\u0000${NONCE}:source_id`,
} as const;
const STAND_IN_TEXT = Object.fromEntries(
  Object.entries(STAND_INS).map(([field, standIn]) => [field, JSON.stringify(standIn)]),
) as Record<keyof typeof STAND_INS, string>;

/** Raw diff lines per (before metadata, after metadata, shape of the rest), for sharedDiff. */
const sharedDiffs = new WeakMap<object, WeakMap<object, Map<string, string[]>>>();

/**
 * The diff of two bodies that differ only in their query_metadata objects, from the cache; undefined
 * when they differ elsewhere too (or a metadata is not an object). Each top-level field is one line at
 * two spaces' indentation, never equal to a line of the metadata (indented deeper), so stand-ins for
 * the equal fields leave the diff's shape as it is.
 */
function sharedDiff(before: BodyLike, after: BodyLike, context: number): string[] | undefined {
  const beforeMetadata = before.query_metadata ?? before.queryMetadata;
  const afterMetadata = after.query_metadata ?? after.queryMetadata;
  if (typeof beforeMetadata !== 'object' || beforeMetadata === null) return undefined;
  if (typeof afterMetadata !== 'object' || afterMetadata === null) return undefined;
  const a = canonicalBody(before);
  const b = canonicalBody(after);
  const inbox = JSON.stringify(a.inbox);
  if (
    a.name !== b.name ||
    a.source_id !== b.source_id ||
    a.avatar !== b.avatar ||
    inbox !== JSON.stringify(b.inbox)
  )
    return undefined;
  const shape = `${context}|${inbox}|${a.avatar !== undefined}|${a.name !== undefined}|${a.source_id !== undefined}`;
  let byAfter = sharedDiffs.get(beforeMetadata);
  if (!byAfter) sharedDiffs.set(beforeMetadata, (byAfter = new WeakMap<object, Map<string, string[]>>()));
  let byShape = byAfter.get(afterMetadata);
  if (!byShape) byAfter.set(afterMetadata, (byShape = new Map<string, string[]>()));
  let template = byShape.get(shape);
  if (!template) {
    const standIn = (body: CanonicalBody): string =>
      `${JSON.stringify(
        {
          ...body,
          ...(body.avatar !== undefined ? { avatar: STAND_INS.avatar } : {}),
          ...(body.name !== undefined ? { name: STAND_INS.name } : {}),
          ...(body.source_id !== undefined ? { source_id: STAND_INS.source_id } : {}),
        },
        null,
        2,
      )}\n`;
    template = diffTexts(standIn(a), standIn(b), context);
    byShape.set(shape, template);
  }
  const values: [string, string][] = [];
  for (const field of ['avatar', 'name', 'source_id'] as const) {
    const value = a[field];
    if (value !== undefined) values.push([STAND_IN_TEXT[field], JSON.stringify(value)]);
  }
  return template.map((line) => {
    for (const [standIn, value] of values)
      if (line.includes(standIn)) return line.replace(standIn, () => value);
    return line;
  });
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

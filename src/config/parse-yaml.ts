/**
 * One YAML file -> a plain value, refusing hostile input cleanly: oversized or non-UTF-8 files, alias
 * bombs, recursive aliases, duplicate and prototype keys, deep nesting (aliases included), several
 * documents, unknown tags, and the inputs on which YAML readers disagree (see `divergence`).
 *
 * The reader is js-yaml 5's event parser (`parseEvents`) and constructor (`constructFromEvents`, YAML
 * 1.2 core schema, which reads scalars as the `yaml` package does), except for a top-level `contacts:`
 * list in plain shapes, which contacts-fast-path.ts reads (readWithContactsList). Positions are not
 * computed while reading: `locate` finds a node's line and column only when asked
 * (parse-yaml-positions.ts), from js-yaml's events of the whole file either way.
 */
import { isUtf8 } from 'node:buffer';
import {
  COLLECTION_STYLE,
  CORE_SCHEMA,
  constructFromEvents,
  defineMappingTag,
  EVENT_ID,
  parseEvents,
  YAMLException,
  type Event,
} from 'js-yaml';
import { MAX_LIST_DEPTH, readContactsList } from './contacts-fast-path.js';
import type { Diagnostic, SourceLocation } from './diagnostic.js';
import { FORBIDDEN_KEYS, findBadKey, inspectAliases, type TreeLimits } from './inspect-yaml-tree.js';
import { lazyLocate, type Locate, type PathSegment } from './parse-yaml-positions.js';

export interface ParseLimits extends TreeLimits {
  /** Refuse files larger than this many bytes before reading or parsing them. */
  maxFileSize: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  // A 100,000-contact file is about 15 MB; the bound leaves room for long names and grants.
  maxFileSize: 64 * 1024 * 1024,
  maxDepth: 64,
  maxAliasExpansion: 10_000_000,
};

export { FORBIDDEN_KEYS };
export type { PathSegment };

/** A parsed file: its value and a way back from a path inside it to a line and column. */
export interface ParsedFile {
  path: string;
  value: unknown;
  /**
   * Position of the value (or, with `'key'`, the key) at `path`; the nearest existing ancestor
   * otherwise. Computed on demand: the first call per file re-reads the file's events.
   */
  locate: Locate;
}

export interface ParseResult {
  file?: ParsedFile;
  diagnostics: Diagnostic[];
  /** The decoded text, when the file was read as UTF-8 (for code frames even when parsing failed). */
  text?: string;
}

export function parseYamlFile(
  path: string,
  bytes: Uint8Array,
  limits: ParseLimits = DEFAULT_LIMITS,
): ParseResult {
  const at = (line = 1, column = 1): SourceLocation => ({ file: path, line, column });
  if (bytes.byteLength > limits.maxFileSize) {
    return fail({
      rule: 'file-too-large',
      severity: 'error',
      message: `file is ${bytes.byteLength} bytes, over the limit of ${limits.maxFileSize}`,
      hint: 'split the config into several files, or raise the bound with --max-file-size',
      location: at(),
    });
  }
  if (!isUtf8(bytes)) {
    const { line, column } = firstInvalidUtf8(bytes);
    return fail({
      rule: 'file-not-utf8',
      severity: 'error',
      message: 'file is not valid UTF-8',
      hint: 'save the file as UTF-8',
      location: at(line, column),
    });
  }
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ...parseYamlText(path, text, limits), text };
}

export interface ParseOptions {
  /**
   * Read a plain `contacts:` list with contacts-fast-path.ts (default true). False reads the whole file
   * with js-yaml: the reference that reader is tested against.
   */
  contactsList?: boolean;
}

/** The parse proper, on decoded text (without its byte order mark). */
export function parseYamlText(
  path: string,
  text: string,
  limits: ParseLimits = DEFAULT_LIMITS,
  options: ParseOptions = {},
): ParseResult {
  // A refused file's one position is computed here: it is always shown.
  const at = (offset: number): SourceLocation => offsetLocation(path, text, offset);
  const diverging = divergence(text);
  if (diverging) {
    const { offset, ...rest } = diverging;
    return fail({ ...rest, severity: 'error', location: at(offset) });
  }
  const fast = options.contactsList !== false && limits.maxDepth >= MAX_LIST_DEPTH;
  return (fast ? readWithContactsList(path, text, limits) : undefined) ?? readText(path, text, limits);
}

/**
 * The file read with its `contacts:` list taken by contacts-fast-path.ts and the rest (and the entries
 * that reader leaves) by readText, when every part reads without a finding; undefined otherwise (the
 * whole file is then read by readText, which reports any finding at its place).
 */
function readWithContactsList(path: string, text: string, limits: ParseLimits): ParseResult | undefined {
  const list = readContactsList(text, resolvePlain, FORBIDDEN_KEYS);
  if (!list) return undefined;
  const kept: { events?: Event[] } = {};
  const { file } = readText(path, text.slice(0, list.start) + text.slice(list.end), limits, kept);
  const value = file?.value as Record<string, unknown> | undefined;
  if (!kept.events || !isEmptyTopLevelKey(kept.events, list.key) || value?.contacts !== null)
    return undefined;
  // The entries the reader left, each run a document of its own: a sequence one level up from where
  // it stands in the file. An anchor or alias there (an alias may name an anchor in another part, an
  // anchor may redefine one that the rest refers to, expansion is bounded per file) or any finding, and
  // the whole file is read instead.
  const partLimits = { ...limits, maxDepth: limits.maxDepth - 1 };
  for (const { index, count, start, end } of list.others) {
    const part: { events?: Event[] } = {};
    const items = readText(path, text.slice(start, end), partLimits, part).file?.value;
    if (!part.events || part.events.some(hasAnchorOrAlias)) return undefined;
    if (!Array.isArray(items) || items.length !== count) return undefined;
    for (let i = 0; i < count; i++) list.contacts[index + i] = items[i];
  }
  value.contacts = list.contacts;
  return { file: { path, value, locate: lazyLocate(path, text, limits.maxDepth + 1) }, diagnostics: [] };
}

const hasAnchorOrAlias = (event: Event): boolean =>
  event.type === EVENT_ID.ALIAS || ('anchorStart' in event && event.anchorStart >= 0);

/** A plain scalar's value, as js-yaml's constructor gives it (the YAML 1.2 core schema). */
const resolvePlain = (source: string): unknown => SCHEMA.resolveImplicitScalarTag(source).value;

/**
 * Whether the scalar at `offset` is a key of the document's top-level block mapping with no value (so
 * that the `contacts:` line the list follows is that key, not text inside some other node or a key of
 * a flow mapping).
 */
function isEmptyTopLevelKey(events: Event[], offset: number): boolean {
  const top = events[1];
  if (events[0]?.type !== EVENT_ID.DOCUMENT || top?.type !== EVENT_ID.MAPPING) return false;
  // In a flow mapping the list would be a block collection inside a flow one, which no reader reads.
  if (top.style !== COLLECTION_STYLE.BLOCK) return false;
  let depth = 0;
  let child = 0;
  for (let i = 2; i < events.length; i++) {
    const event = events[i] as Event;
    if (event.type === EVENT_ID.POP) {
      if (depth === 0) return false;
      depth--;
      if (depth === 0) child++;
      continue;
    }
    if (depth === 0) {
      if (child % 2 === 0 && event.type === EVENT_ID.SCALAR && event.valueStart === offset) {
        const next = events[i + 1];
        return (
          next?.type === EVENT_ID.SCALAR && next.valueStart < 0 && next.tagStart < 0 && next.anchorStart < 0
        );
      }
      if (event.type === EVENT_ID.SCALAR || event.type === EVENT_ID.ALIAS) child++;
      else depth++;
    } else if (event.type !== EVENT_ID.SCALAR && event.type !== EVENT_ID.ALIAS) depth++;
  }
  return false;
}

/** The parse proper with js-yaml; `kept.events` receives the events of a file read without finding. */
function readText(path: string, text: string, limits: ParseLimits, kept?: { events?: Event[] }): ParseResult {
  const at = (offset: number): SourceLocation => offsetLocation(path, text, offset);
  // js-yaml refuses the level it would enter at its bound; ours is on the levels that exist.
  const parserDepth = limits.maxDepth + 1;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: parserDepth });
  } catch (error) {
    return fail(readerError(error, at));
  }

  let documents = 0;
  let aliases = false;
  // An escaped line break followed by an empty line, in a double-quoted scalar, is folded differently.
  const escapedBreak = text.includes('\\') ? (ESCAPED_BREAK_THEN_EMPTY.exec(text)?.index ?? -1) : -1;
  // js-yaml reads `\U` past U+10FFFF as garbage; yaml refuses it.
  const longEscape = text.includes('\\U');
  // One pass, each event's checks by its type (a million events: no `in` test on every one).
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Event;
    switch (event.type) {
      case EVENT_ID.POP:
        continue;
      case EVENT_ID.SCALAR:
        if (escapedBreak >= 0 && event.style === 3) {
          const found = text.slice(event.valueStart, event.valueEnd).search(ESCAPED_BREAK_THEN_EMPTY);
          if (found >= 0) {
            return fail({
              rule: 'yaml-syntax',
              severity: 'error',
              message:
                'an escaped line break (`\\` at the end of a line) followed by an empty line in a quoted string',
              hint: 'YAML tools fold this differently: remove the empty line or the backslash',
              location: at(event.valueStart + found),
            });
          }
        }
        if (longEscape && event.style === 3) {
          const found = escapeBeyondUnicode(text, event.valueStart, event.valueEnd);
          if (found >= 0) {
            return fail({
              rule: 'yaml-syntax',
              severity: 'error',
              message: `the escape \`${text.slice(found, found + 10)}\` is past U+10FFFF, the last Unicode character`,
              hint: 'write a character up to \\U0010FFFF',
              location: at(found),
            });
          }
        }
        if (event.anchorStart >= 0 && !plainAnchor(text, event))
          return fail(unplainAnchor(at(event.anchorStart - 1)));
        continue;
      case EVENT_ID.MAPPING:
        if (event.anchorStart >= 0 && !plainAnchor(text, event))
          return fail(unplainAnchor(at(event.anchorStart - 1)));
        if (event.style === 1 && !startsItsLine(text, event.start)) {
          return fail({
            rule: 'yaml-syntax',
            severity: 'error',
            message: 'a mapping that starts on the line of its key',
            hint: 'put the nested mapping on its own lines, below its key',
            location: at(event.start),
          });
        }
        continue;
      case EVENT_ID.SEQUENCE:
        if (event.anchorStart >= 0 && !plainAnchor(text, event))
          return fail(unplainAnchor(at(event.anchorStart - 1)));
        continue;
      case EVENT_ID.ALIAS:
        if (event.anchorStart >= 0 && !plainAnchor(text, event))
          return fail(unplainAnchor(at(event.anchorStart - 1)));
        aliases = true;
        continue;
      case EVENT_ID.DOCUMENT: {
        documents++;
        if (documents === 2) {
          const next = events[i + 1];
          const offset = next && next.type !== EVENT_ID.POP ? nodeStart(next) : text.length;
          const marker = text.lastIndexOf('---', offset);
          return fail({
            rule: 'yaml-syntax',
            severity: 'error',
            message: 'the file holds several YAML documents; a config file is one document',
            hint: 'remove the `---` line, or split the documents into separate files',
            location: at(marker >= 0 ? marker : offset),
          });
        }
        if (event.directives.some((d) => d.kind !== 'yaml' || d.version !== '1.2')) {
          return fail({
            rule: 'yaml-syntax',
            severity: 'error',
            message: 'YAML directives other than `%YAML 1.2` are not supported',
            hint: 'remove the `%` directive line; configs are YAML 1.2',
            location: at(Math.max(0, text.search(/^%/m))),
          });
        }
      }
    }
  }
  if (aliases) {
    const found = inspectAliases(events, text, limits);
    if (found) {
      const { offset, ...rest } = found;
      return fail({ ...rest, severity: 'error', location: at(offset) });
    }
  }

  let value: unknown;
  try {
    // Aliases were measured above; they resolve to shared objects, so construction itself is linear.
    [value] = constructFromEvents(events, { source: text, schema: SCHEMA, maxAliases: -1 });
  } catch (error) {
    const refused = error instanceof YAMLException && error.reason === REFUSED;
    const bad = refused ? findBadKey(events, text) : undefined;
    if (bad) {
      const { offset, ...rest } = bad;
      return fail({ ...rest, severity: 'error', location: at(offset) });
    }
    return fail(readerError(error, at));
  }
  if (kept) kept.events = events;
  return { file: { path, value: value ?? {}, locate: lazyLocate(path, text, parserDepth) }, diagnostics: [] };
}

/** An anchor or alias name that YAML readers may end at different places. */
function unplainAnchor(location: SourceLocation): Diagnostic {
  return {
    rule: 'yaml-syntax',
    severity: 'error',
    message:
      'anchor and alias names here may only use letters, digits, `_`, `-` and `.`, followed by a space',
    hint: 'rename the anchor (YAML tools disagree on where such a name ends)',
    location,
  };
}

/** Returned to js-yaml by the mapping tag below, so that the key at fault is then found exactly. */
const REFUSED = 'refused key';

/** Keys as `yaml`'s toJS makes them (the scalar's value as a string); null and prototype keys refused. */
const strictMapTag = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  identify: (data: unknown) =>
    data !== null && typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype,
  addPair: (map, key, value) => {
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return REFUSED;
    const name = String(key);
    if (FORBIDDEN_KEYS.has(name)) return REFUSED;
    map[name] = value;
    return '';
  },
  has: (map, key) => Object.hasOwn(map, String(key)),
  keys: (map) => Object.keys(map),
  get: (map, key) => map[String(key)],
});

const SCHEMA = CORE_SCHEMA.withTags(strictMapTag);

const ANCHOR_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Whether an anchor or alias name is one every YAML reader ends at the same place: plain characters,
 * then a blank or the end of the line (an alias may also end its flow entry).
 */
function plainAnchor(text: string, event: Event & { anchorStart: number; anchorEnd: number }): boolean {
  if (!ANCHOR_NAME.test(text.slice(event.anchorStart, event.anchorEnd))) return false;
  const next = text.charCodeAt(event.anchorEnd);
  if (Number.isNaN(next) || next === 32 || next === 10 || next === 13) return true;
  return event.type === EVENT_ID.ALIAS && (next === 44 || next === 93 || next === 125); // , ] }
}

/**
 * Whether only blanks, sequence entry indicators (`- `), explicit key indicators (`? `) and node
 * properties (`&anchor`, `!tag`) come before `offset` on its line.
 */
function startsItsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return LINE_PREFIX.test(text.slice(lineStart, offset));
}

const LINE_PREFIX = /^ *(?:[-?] +)*(?:[&!][^ ]* +)*$/;

function nodeStart(event: Event): number {
  if ('start' in event) return event.start;
  if ('valueStart' in event) return event.valueStart;
  if ('anchorStart' in event) return event.anchorStart;
  return 0;
}

type Refusal = Omit<Diagnostic, 'severity' | 'location'> & { offset: number };

/**
 * Inputs that YAML readers do not read alike, refused before reading. A lone CR (one not followed by
 * LF) is a line break for js-yaml, as YAML 1.2 says, but not for the `yaml` package, which `fmt` and
 * editors use: in `name: Guest # note<CR>    tier: vip` a reviewer sees no tier.
 */
function divergence(text: string): Refusal | undefined {
  // Each scan below is a plain character search first: a 10 MB file pays a regex only when needed.
  const cr = loneCr(text);
  if (cr >= 0) {
    return {
      rule: 'yaml-line-break',
      message:
        'a carriage return (CR) that is not followed by a line feed: YAML tools disagree on where this line ends',
      hint: 'save the file with LF or CRLF line endings',
      offset: cr,
    };
  }
  const tabs = text.includes('\t');
  const tab = tabs ? TAB_INDENT.exec(text) : null;
  if (tab) {
    return {
      rule: 'yaml-syntax',
      message: 'a tab in the indentation of a line',
      hint: 'indent with spaces; YAML does not allow tabs as indentation',
      offset: tab.index,
    };
  }
  const blank = tabs ? TAB_ONLY_LINE.exec(text) : null;
  if (blank) {
    return {
      rule: 'yaml-syntax',
      message: 'a blank line holding a tab',
      hint: 'remove the tab: YAML tools disagree on such lines (one ends a block there, another fails)',
      offset: blank.index,
    };
  }
  const end = text.includes('...') ? DOCUMENT_END.exec(text) : null;
  if (end) {
    return {
      rule: 'yaml-syntax',
      message: 'a document end marker (`...`)',
      hint: 'remove the `...` line; a config file is one document',
      offset: end.index,
    };
  }
  return undefined;
}

/** Leading blanks with a tab, then content: tabs are not indentation, and readers disagree on them. */
const TAB_INDENT = /^ *\t[ \t]*[^ \t\r\n#]/m;
const DOCUMENT_END = /^\.\.\.(?:[ \t\r\n]|$)/m;

/** The offset of the first CR not followed by LF, or -1. */
function loneCr(text: string): number {
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) return at;
  }
  return -1;
}
const TAB_ONLY_LINE = /^[ \t]*\t[ \t]*\r?$/m;
const ESCAPED_BREAK_THEN_EMPTY = /\\\r?\n[ \t]*\r?\n/;

/** The offset of a `\U` escape past U+10FFFF in the double-quoted scalar at `[start, end)`, or -1. */
function escapeBeyondUnicode(text: string, start: number, end: number): number {
  for (let i = text.indexOf('\\', start); i >= 0 && i < end; i = text.indexOf('\\', i + 2)) {
    if (text.charCodeAt(i + 1) !== 0x55) continue; // U
    const hex = text.slice(i + 2, i + 10);
    if (/^[0-9A-Fa-f]{8}$/.test(hex) && Number.parseInt(hex, 16) > 0x10ffff) return i;
  }
  return -1;
}

function readerError(error: unknown, at: (offset: number) => SourceLocation): Diagnostic {
  if (error instanceof RangeError) return tooDeep(at(0));
  if (!(error instanceof YAMLException)) throw error;
  const offset = error.mark?.position ?? 0;
  if (/maxDepth/.test(error.reason)) return tooDeep(at(offset));
  const duplicate = error.reason === 'duplicated mapping key';
  return {
    rule: duplicate ? 'yaml-duplicate-key' : 'yaml-syntax',
    severity: 'error',
    message: duplicate ? 'duplicate mapping key' : error.reason,
    hint: duplicate ? 'remove or rename one of the keys' : 'fix the YAML syntax',
    location: at(offset),
  };
}

/** Line and column of a character offset (1-based; columns in UTF-16 units, as editors and `yaml` count). */
export function offsetLocation(file: string, text: string, offset: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { file, line, column: Math.max(0, offset - lineStart) + 1 };
}

function tooDeep(location: SourceLocation): Diagnostic {
  return {
    rule: 'yaml-too-deep',
    severity: 'error',
    message: 'nesting is too deep',
    hint: 'flatten the structure; label expressions rarely need more than a few levels',
    location,
  };
}

function fail(diagnostic: Diagnostic): { diagnostics: Diagnostic[] } {
  return { diagnostics: [diagnostic] };
}

/** Line and column (in characters) of the first byte that breaks UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    const extra =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0) return { line, column };
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return { line, column };
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += extra + 1;
  }
  return { line, column };
}

/**
 * The `contacts:` list of a config file, read directly when it keeps to the plain shapes nearly every
 * large config is written in; parse-yaml.ts reads the rest of the file (and, when this gives up, the
 * whole file) with js-yaml. A 100,000-contact file is nearly all this list, and js-yaml's two passes
 * (events, then values) cost about as much again as the rest of a plan.
 *
 * It reads only shapes that every YAML reader reads alike:
 * - a top-level `contacts:` line with nothing after the colon, then a block sequence (`- ` at one column);
 * - each entry a block mapping (`key: value` lines at one column) or a one-line flow mapping;
 * - a value: a one-line flow mapping or sequence, a one-line quoted string (escapes as YAML 1.2 defines
 *   them, `''` in a single-quoted one), a one-line plain scalar, or nothing (maybe a comment) with a
 *   block sequence of such one-line values below it;
 * - keys: plain names (`[A-Za-z_][A-Za-z0-9_-]*`) that read as themselves, none twice in a mapping, none
 *   of FORBIDDEN_KEYS;
 * - blank lines and comments between lines;
 * - no tab, no control character, no Unicode line or paragraph separator, no byte order mark, no lone
 *   surrogate anywhere in the list (comments included).
 * No anchors, aliases, tags, block scalars, multi-line scalars or collections, document markers, or
 * trailing commas. Plain scalars are resolved by the same YAML 1.2 core schema js-yaml uses.
 *
 * An entry outside these shapes is left to the caller (`others`: its lines, which parse-yaml.ts reads
 * with js-yaml), so that one unusual contact does not send the whole list to js-yaml. A list whose own
 * structure is outside them (the `contacts:` line, items at two columns, a line between the columns)
 * makes `readContactsList` give up (undefined): the file is then read by js-yaml alone, which also
 * reports any error at its exact place.
 *
 * test/config/contacts-fast-path.test.ts checks, on generated lists inside and outside these shapes,
 * that a file reads to the same value (or the same findings) with and without this path, and as the
 * `yaml` package reads it.
 */

/**
 * The list and the lines it spans: `[start, end)`, whole lines, after the `contacts:` line at `key`.
 * The entries at `others` are left to the caller (holes in `contacts`).
 */
export interface ContactsList {
  key: number;
  start: number;
  end: number;
  contacts: unknown[];
  others: OtherEntries[];
}

/**
 * Consecutive entries outside the reader's shapes: `count` entries from `contacts[index]`, the whole
 * lines `[start, end)` of the text (each entry's `- ` line and every line after it that is blank, a
 * comment, or indented past the list's column), for the caller to read as a YAML document of their own.
 */
export interface OtherEntries {
  index: number;
  count: number;
  start: number;
  end: number;
}

/**
 * At most this many runs of other entries per list (many small documents would cost more than one),
 * and no more than this many other entries once they are most of those read (the pass over them would
 * be paid on top of js-yaml's); beyond either the caller reads the whole file.
 */
const MAX_OTHERS = 1000;

/** Thrown inside the reader when the text leaves the shapes above; never escapes readContactsList. */
const OUTSIDE = new Error('outside the fast path');

const CONTACTS_KEY = /^contacts: *\r?\n/m;

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const COMMA = 0x2c;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Flow collections nested deeper than this are left to js-yaml (which bounds depth itself). */
const MAX_FLOW_DEPTH = 16;

/**
 * The deepest nesting the list can hold, counted as parse-yaml.ts bounds depth (every node on the path,
 * the scalar at its end included): the document's mapping, the list, an entry, a block sequence in it,
 * flow collections in its items, a scalar. A caller bounding depth below this must not use the reader.
 */
export const MAX_LIST_DEPTH = 5 + MAX_FLOW_DEPTH;

/**
 * The `contacts:` list of `text` (without byte order mark), or undefined when it is not in the shapes
 * above. `resolvePlain` gives a plain scalar's value; `forbidden` are keys that are never read.
 */
export function readContactsList(
  text: string,
  resolvePlain: (source: string) => unknown,
  forbidden: ReadonlySet<string>,
): ContactsList | undefined {
  const found = CONTACTS_KEY.exec(text);
  if (!found) return undefined;
  const start = found.index + found[0].length;
  try {
    const reader = new ListReader(text, resolvePlain, forbidden);
    const { contacts, end, others } = reader.list(start);
    return { key: found.index, start, end, contacts, others };
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

function outside(): never {
  throw OUTSIDE;
}

/** Whether a character may stand in the list: printable, not a tab, a separator or a byte order mark. */
function isPlainChar(c: number): boolean {
  if (c >= SPACE && c < 0x7f) return true;
  if (c < 0xa0) return false; // C0 and C1 controls, tab, DEL
  return c !== 0x2028 && c !== 0x2029 && c !== 0xfeff && c < 0xd800;
}

class ListReader {
  private readonly length: number;

  constructor(
    private readonly text: string,
    private readonly resolvePlain: (source: string) => unknown,
    private readonly forbidden: ReadonlySet<string>,
  ) {
    this.length = text.length;
  }

  /** The list from `start` (a line start) to its end: the first line at column 0 that is not `- `. */
  list(start: number): { contacts: unknown[]; end: number; others: OtherEntries[] } {
    const { text } = this;
    const contacts: unknown[] = [];
    const others: OtherEntries[] = [];
    let left = 0;
    let column = -1;
    let at = start;
    while ((at = this.contentLine(at)) < this.length) {
      const indent = this.spaces(at);
      const first = at + indent;
      const c = text.charCodeAt(first);
      if (indent === 0 && c !== DASH) break;
      if (c !== DASH || text.charCodeAt(first + 1) !== SPACE) outside();
      if (column < 0) column = indent;
      else if (indent !== column) outside();
      const index = contacts.length;
      const line = at;
      try {
        at = this.entry(first + 2, column + 2, contacts);
      } catch (error) {
        if (error !== OUTSIDE) throw error;
        // This entry is left to the caller, with the one before it if that one was too.
        contacts.length = index;
        contacts.push(undefined);
        at = this.entryEnd(first, column);
        const last = others.at(-1);
        if (last?.end === line) {
          last.count++;
          last.end = at;
        } else if (others.push({ index, count: 1, start: line, end: at }) > MAX_OTHERS) {
          outside();
        }
        if (++left > MAX_OTHERS && left * 2 > contacts.length) outside();
      }
    }
    if (contacts.length === 0) outside();
    return { contacts, end: at, others };
  }

  /**
   * The end of an entry whose `- ` is at `first` (at `column`), read as lines only: the start of the
   * first line after it that holds something other than a comment at the list's column or left of it.
   * Nothing on those lines can belong to the entry in any reading that the caller's reader accepts.
   */
  private entryEnd(first: number, column: number): number {
    let at = this.nextLine(first);
    while (at < this.length) {
      const indent = this.spaces(at);
      const start = at + indent;
      if (indent <= column && !this.isLineEnd(start) && this.text.charCodeAt(start) !== HASH) return at;
      at = this.nextLine(start);
    }
    return at;
  }

  /** One entry, from just after its `- ` (at `column`); returns the start of the line after it. */
  private entry(from: number, column: number, contacts: unknown[]): number {
    const { text } = this;
    const at = this.blanks(from);
    if (text.charCodeAt(at) === OPEN_BRACE) {
      const [value, end] = this.flowMapping(at, 1);
      contacts.push(value);
      return this.lineRest(end);
    }
    const mapping: Record<string, unknown> = {};
    contacts.push(mapping);
    const keyColumn = column + (at - from);
    let next = this.pair(at, keyColumn, mapping);
    while ((next = this.contentLine(next)) < this.length) {
      const indent = this.spaces(next);
      const first = next + indent;
      if (indent < keyColumn) return next;
      if (indent > keyColumn) outside();
      next = this.pair(first, keyColumn, mapping);
    }
    return next;
  }

  /** `key: value` at `at` (column `column`) into `mapping`; returns the start of the line after it. */
  private pair(at: number, column: number, mapping: Record<string, unknown>): number {
    const { text } = this;
    const [key, colon] = this.key(at);
    this.put(mapping, key);
    const after = text.charCodeAt(colon + 1);
    if (after !== SPACE) {
      if (!this.isLineEnd(colon + 1)) outside();
      return this.nested(colon + 1, column, mapping, key);
    }
    const value = this.blanks(colon + 2);
    if (this.isLineEnd(value)) return this.nested(value, column, mapping, key);
    if (text.charCodeAt(value) === HASH) return this.nested(this.comment(value), column, mapping, key);
    const [read, end] = this.value(value, 0);
    mapping[key] = read;
    return this.lineRest(end);
  }

  /**
   * The value of a key with nothing after its colon (`at`: that line's end): a block sequence of one-line
   * values below it (at a deeper column, or at the key's own), or null.
   */
  private nested(at: number, column: number, mapping: Record<string, unknown>, key: string): number {
    const { text } = this;
    const after = this.nextLine(at);
    const line = this.contentLine(after);
    const indent = this.spaces(line);
    const first = line + indent;
    const isItem =
      line < this.length &&
      indent >= column &&
      text.charCodeAt(first) === DASH &&
      text.charCodeAt(first + 1) === SPACE;
    if (!isItem) {
      mapping[key] = this.resolvePlain('');
      return after;
    }
    const items: unknown[] = [];
    const itemColumn = indent;
    let next = line;
    while ((next = this.contentLine(next)) < this.length) {
      const depth = this.spaces(next);
      const start = next + depth;
      if (depth !== itemColumn || text.charCodeAt(start) !== DASH) break;
      if (text.charCodeAt(start + 1) !== SPACE) outside();
      const value = this.blanks(start + 2);
      if (this.isLineEnd(value) || text.charCodeAt(value) === HASH) outside();
      const [read, end] = this.value(value, 0);
      items.push(read);
      next = this.lineRest(end);
    }
    // What follows is a key of this mapping or less indented (a line at the items' column that is no
    // item, or between the columns, would continue something).
    if (next < this.length && this.spaces(next) > column) outside();
    mapping[key] = items;
    return next;
  }

  /** A plain key and the offset of its colon. */
  private key(at: number): [string, number] {
    const { text } = this;
    let end = at;
    const c = text.charCodeAt(end);
    if (!(isLetter(c) || c === 0x5f)) outside();
    end++;
    for (let k = text.charCodeAt(end); isLetter(k) || isDigit(k) || k === 0x5f || k === DASH;) {
      k = text.charCodeAt(++end);
    }
    if (text.charCodeAt(end) !== COLON) outside();
    const key = text.slice(at, end);
    if (this.resolvePlain(key) !== key) outside();
    return [key, end];
  }

  private put(mapping: Record<string, unknown>, key: string): void {
    if (this.forbidden.has(key) || Object.hasOwn(mapping, key)) outside();
  }

  /**
   * A one-line value at `at`, in block context (`depth` 0) or in flow collections `depth` deep, and the
   * offset after it.
   */
  private value(at: number, depth: number): [unknown, number] {
    const c = this.text.charCodeAt(at);
    if (c === OPEN_BRACE) return this.flowMapping(at, depth + 1);
    if (c === OPEN_BRACKET) return this.flowSequence(at, depth + 1);
    if (c === QUOTE || c === APOSTROPHE) return this.quoted(at);
    if (startsNoPlain(c, this.text.charCodeAt(at + 1))) outside();
    return depth === 0 ? this.blockPlain(at) : this.flowPlain(at);
  }

  /** A plain scalar in block context at `at` (to its line's end or a comment), and the offset after it. */
  private blockPlain(at: number): [unknown, number] {
    const { text } = this;
    let last = at - 1;
    let i = at;
    for (; ; i++) {
      const k = text.charCodeAt(i);
      if (k === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      if (k === LF || (k === CR && text.charCodeAt(i + 1) === LF) || i >= this.length) break;
      if (k === COLON) {
        const n = text.charCodeAt(i + 1);
        if (n === SPACE || this.isLineEnd(i + 1)) outside();
      } else if (!isPlainChar(k)) this.wide(i);
      last = i;
    }
    return [this.resolvePlain(text.slice(at, last + 1)), i];
  }

  /** A one-line quoted string at `at`, and the offset after its closing quote. */
  private quoted(at: number): [string, number] {
    const { text } = this;
    const quote = text.charCodeAt(at);
    let value = '';
    let from = at + 1;
    let i = from;
    for (; ; i++) {
      const k = text.charCodeAt(i);
      if (k === quote) {
        if (quote === QUOTE || text.charCodeAt(i + 1) !== APOSTROPHE) break;
        value += text.slice(from, i + 1); // '' is one '
        from = ++i + 1;
      } else if (k === BACKSLASH && quote === QUOTE) {
        const [escaped, next] = this.escape(i);
        value += text.slice(from, i) + escaped;
        from = next;
        i = next - 1;
      } else if (i >= this.length || k === LF || k === CR) outside();
      else if (!isPlainChar(k)) this.wide(i);
    }
    return [value + text.slice(from, i), i + 1];
  }

  /**
   * The escape sequence at `at` (its `\`) in a double-quoted string, as YAML 1.2 defines them, and the
   * offset after it. An escaped line break or tab, an unknown escape, and a \u or \U escape of a
   * surrogate or of no character are left to js-yaml.
   */
  private escape(at: number): [string, number] {
    const c = this.text.charCodeAt(at + 1);
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return [simple, at + 2];
    const digits = c === 0x78 ? 2 : c === 0x75 ? 4 : c === 0x55 ? 8 : 0; // x, u, U
    if (digits === 0) outside();
    const hex = this.text.slice(at + 2, at + 2 + digits);
    if (!HEX.test(hex) || hex.length !== digits) outside();
    const code = Number.parseInt(hex, 16);
    if ((code >= 0xd800 && code < 0xe000) || code > 0x10ffff) outside();
    return [String.fromCodePoint(code), at + 2 + digits];
  }

  /** `{ key: value, … }` on one line at `at`, and the offset after it. */
  private flowMapping(at: number, depth: number): [Record<string, unknown>, number] {
    if (depth > MAX_FLOW_DEPTH) outside();
    const { text } = this;
    const mapping: Record<string, unknown> = {};
    let i = this.blanks(at + 1);
    if (text.charCodeAt(i) === CLOSE_BRACE) return [mapping, i + 1];
    for (;;) {
      const [key, colon] = this.key(i);
      this.put(mapping, key);
      if (text.charCodeAt(colon + 1) !== SPACE) outside();
      const [value, end] = this.value(this.blanks(colon + 1), depth);
      mapping[key] = value;
      i = this.blanks(end);
      const c = text.charCodeAt(i);
      if (c === CLOSE_BRACE) return [mapping, i + 1];
      if (c !== COMMA) outside();
      i = this.blanks(i + 1);
    }
  }

  /** `[ value, … ]` on one line at `at`, and the offset after it. */
  private flowSequence(at: number, depth: number): [unknown[], number] {
    if (depth > MAX_FLOW_DEPTH) outside();
    const { text } = this;
    const items: unknown[] = [];
    let i = this.blanks(at + 1);
    if (text.charCodeAt(i) === CLOSE_BRACKET) return [items, i + 1];
    for (;;) {
      const [value, end] = this.value(i, depth);
      items.push(value);
      i = this.blanks(end);
      const c = text.charCodeAt(i);
      if (c === CLOSE_BRACKET) return [items, i + 1];
      if (c !== COMMA) outside();
      i = this.blanks(i + 1);
    }
  }

  /** A plain scalar inside a flow collection at `at`, and the offset after it. */
  private flowPlain(at: number): [unknown, number] {
    const { text } = this;
    let last = at - 1;
    let i = at;
    for (; ; i++) {
      const k = text.charCodeAt(i);
      if (k === COMMA || k === CLOSE_BRACE || k === CLOSE_BRACKET) break;
      if (k === SPACE) {
        if (text.charCodeAt(i + 1) === HASH) outside();
        continue;
      }
      if (k === OPEN_BRACE || k === OPEN_BRACKET || k === LF || k === CR || i >= this.length) outside();
      if (k === COLON) {
        const n = text.charCodeAt(i + 1);
        if (n === SPACE || n === COMMA || n === CLOSE_BRACE || n === CLOSE_BRACKET) outside();
      } else if (!isPlainChar(k)) this.wide(i);
      last = i;
    }
    return [this.resolvePlain(text.slice(at, last + 1)), i];
  }

  /** A character at or past U+D800 at `i` that may stand: one half of a surrogate pair, or U+E000-U+FFFD. */
  private wide(i: number): void {
    const k = this.text.charCodeAt(i);
    if (k >= 0xe000 && k < 0xfffe && k !== 0xfeff) return;
    if (k >= 0xd800 && k < 0xdc00) {
      const low = this.text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) return;
    }
    if (k >= 0xdc00 && k < 0xe000) {
      const high = this.text.charCodeAt(i - 1);
      if (high >= 0xd800 && high < 0xdc00) return;
    }
    outside();
  }

  /** After a value at `at`: blanks, maybe a comment, the line end; returns the next line's start. */
  private lineRest(at: number): number {
    const i = this.blanks(at);
    if (this.isLineEnd(i)) return this.nextLine(i);
    if (i === at || this.text.charCodeAt(i) !== HASH) outside();
    return this.nextLine(this.comment(i));
  }

  /** The first line from the line at `at` on that is neither blank nor a comment (comments checked). */
  private contentLine(at: number): number {
    let line = at;
    while (line < this.length) {
      const first = line + this.spaces(line);
      if (!this.skippable(first)) return line;
      line = this.nextLine(first);
    }
    return line;
  }

  /** Whether the line from `at` (after its indentation) is blank or a comment; a comment is checked. */
  private skippable(at: number): boolean {
    if (this.isLineEnd(at)) return true;
    if (this.text.charCodeAt(at) !== HASH) return false;
    this.comment(at);
    return true;
  }

  /** A comment from `at` to its line's end, every character checked; returns that end. */
  private comment(at: number): number {
    const { text } = this;
    let i = at;
    for (; !this.isLineEnd(i); i++) {
      const k = text.charCodeAt(i);
      if (!isPlainChar(k)) this.wide(i);
    }
    return i;
  }

  /** The offset of the first character from `at` on that is not a space. */
  private blanks(at: number): number {
    let i = at;
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** How many spaces stand at `at` (a line's indentation, from its start). */
  private spaces(at: number): number {
    return this.blanks(at) - at;
  }

  /** Whether `at` is the end of the text or of a line (LF, or CR LF). */
  private isLineEnd(at: number): boolean {
    if (at >= this.length) return true;
    const c = this.text.charCodeAt(at);
    return c === LF || (c === CR && this.text.charCodeAt(at + 1) === LF);
  }

  /** The start of the line after the one `at` ends (at its line end, or the text's end). */
  private nextLine(at: number): number {
    const lf = this.text.indexOf('\n', at);
    return lf < 0 ? this.length : lf + 1;
  }
}

/** YAML 1.2's one-character escapes (`\0` … `\P`), by the code of the character after the `\`. */
const SIMPLE_ESCAPES: Record<number, string> = {
  0x30: '\0',
  0x61: '\x07',
  0x62: '\b',
  0x74: '\t',
  0x6e: '\n',
  0x76: '\v',
  0x66: '\f',
  0x72: '\r',
  0x65: '\x1b',
  0x20: ' ',
  0x22: '"',
  0x2f: '/',
  0x5c: '\\',
  0x4e: '\x85',
  0x5f: '\xa0',
  0x4c: '\u2028',
  0x50: '\u2029',
};

const HEX = /^[0-9A-Fa-f]*$/;

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Whether a plain scalar may not start with `c` (then `next`) here: an indicator, or `-`, `?` or `:`
 * with a blank after it. (A `-` before anything else, as in `-5`, is plain.)
 */
function startsNoPlain(c: number, next: number): boolean {
  switch (c) {
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case HASH:
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case QUOTE:
    case APOSTROPHE:
    case 0x3f: // ?
    case COLON:
      return true;
    case DASH:
      // `-` then a blank, a line end or a flow indicator is no plain scalar in every context.
      return (
        next === SPACE ||
        next === LF ||
        next === CR ||
        next === COMMA ||
        next === OPEN_BRACKET ||
        next === CLOSE_BRACKET ||
        next === OPEN_BRACE ||
        next === CLOSE_BRACE ||
        Number.isNaN(next)
      );
    default:
      // Other characters are checked as the scalar is read.
      return c <= SPACE || Number.isNaN(c);
  }
}

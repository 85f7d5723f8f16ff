/**
 * The fastest parse path: a line-based reader for the plain YAML that large configs are made of (block
 * mappings and sequences, plain scalars, one-line flow collections of plain scalars, comments). At
 * 100,000 contacts it is several times faster than js-yaml and makes little garbage.
 *
 * It reads a strict subset and answers `undefined` for anything outside it (escapes, anchors, aliases,
 * tags, block scalars, multi-line scalars, explicit keys, directives, tabs, CR, non-string or duplicate
 * or prototype keys, numbers other than plain decimal integers, deep nesting), so that the next path
 * decides. What it accepts it reads exactly as the `yaml` package does (YAML 1.2, core schema).
 */
import { FORBIDDEN_KEYS } from './inspect-yaml-tree.js';

class Unsupported extends Error {}
const bail = (): never => {
  throw new Unsupported();
};

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
// Everything the core schema reads as other than a string (yaml 2, schema 'core').
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;

/** First characters of every plain scalar the core schema reads as other than a string. */
const SPECIAL_START = new Set('~nNtTfF0123456789-+.'.split('').map((c) => c.charCodeAt(0)));

function scalar(text: string): unknown {
  if (text !== '' && !SPECIAL_START.has(text.charCodeAt(0))) return text;
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (NUMBER.test(text)) return SIMPLE_INT.test(text) ? Number(text) : bail();
  return text;
}

/** Keys already accepted: field names repeat on every contact. */
const goodKeys = new Set<string>();

function key(text: string): string {
  if (goodKeys.has(text)) return text;
  if (text.length > 1000 || !KEY.test(text) || FORBIDDEN_KEYS.has(text) || scalar(text) !== text) bail();
  if (goodKeys.size < 10_000) goodKeys.add(text);
  return text;
}

export function parseYamlSimple(text: string, maxDepth: number): { value: unknown } | undefined {
  if (/[\t\r]/.test(text)) return undefined;
  // Content lines as offsets into `text` (no per-line strings): indent, first and past-last character.
  const indents: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let lineStart = 0; lineStart < text.length;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let first = lineStart;
    while (first < lineEnd && text.charCodeAt(first) === 32) first++;
    let last = lineEnd;
    while (last > first && text.charCodeAt(last - 1) === 32) last--;
    if (first < last && text.charCodeAt(first) !== 35 /* # */) {
      if (first === lineStart && (text.startsWith('---', first) || text.startsWith('...', first))) {
        // A lone `---` before any content only opens the document; any other marker is left to the others.
        if (starts.length === 0 && last - first === 3 && text.startsWith('---', first)) {
          lineStart = lineEnd + 1;
          continue;
        }
        return undefined;
      }
      indents.push(first - lineStart);
      starts.push(first);
      ends.push(last);
    }
    lineStart = lineEnd + 1;
  }
  if (starts.length === 0) return { value: null };
  if (indents[0] !== 0) return undefined;
  try {
    const reader = new Reader(text, indents, starts, ends, maxDepth - 2);
    const value = reader.block(0, 0);
    return reader.at === starts.length ? { value } : undefined;
  } catch (error) {
    if (error instanceof Unsupported || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The first `: ` (or, with `orLast`, a final `:`) in text[from, end); -1 when none. Never scans past end. */
function keySeparator(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (text.charCodeAt(i) === 58 /* : */ && (i + 1 === end || text.charCodeAt(i + 1) === 32)) return i;
  }
  return -1;
}

/** The first ` #` in text[from, end) (`from` itself counts when it follows a space); -1 when none. */
function commentStart(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (text.charCodeAt(i) === 35 /* # */ && text.charCodeAt(i - 1) === 32) return i - 1;
  }
  return -1;
}

const isEntry = (text: string, start: number, end: number): boolean =>
  text.charCodeAt(start) === 45 /* - */ && (start + 1 === end || text.charCodeAt(start + 1) === 32);

class Reader {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly indents: number[],
    private readonly starts: number[],
    private readonly ends: number[],
    private readonly maxDepth: number,
  ) {}

  private entryHere(): boolean {
    return isEntry(this.text, this.starts[this.at] as number, this.ends[this.at] as number);
  }

  /** The block node whose first line is the current one, at `indent`. */
  block(indent: number, depth: number): unknown {
    if (depth > this.maxDepth) bail();
    return this.entryHere() ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  mapping(indent: number, depth: number): Record<string, unknown> {
    const { text, starts, ends, indents } = this;
    const map: Record<string, unknown> = {};
    while (this.at < starts.length && indents[this.at] === indent) {
      const start = starts[this.at] as number;
      const end = ends[this.at] as number;
      const colon = keySeparator(text, start, end);
      if (colon <= start) bail();
      const name = key(text.slice(start, colon));
      if (Object.hasOwn(map, name)) bail();
      map[name] = this.value(colon + 1, end, indent, depth, true);
    }
    if (this.at < starts.length && (indents[this.at] as number) > indent) bail();
    return map;
  }

  sequence(indent: number, depth: number): unknown[] {
    const { text, starts, ends, indents } = this;
    const list: unknown[] = [];
    while (this.at < starts.length && indents[this.at] === indent && this.entryHere()) {
      const start = starts[this.at] as number;
      const end = ends[this.at] as number;
      let rest = start + 1;
      while (rest < end && text.charCodeAt(rest) === 32) rest++;
      const c = text.charCodeAt(rest);
      if (rest < end && c !== 91 /* [ */ && c !== 123 /* { */ && keySeparator(text, rest, end) >= 0) {
        // `- key: value`: a mapping whose keys line up with this first one.
        indents[this.at] = indent + (rest - start);
        starts[this.at] = rest;
        list.push(this.mapping(indent + (rest - start), depth + 1));
      } else {
        list.push(this.value(rest, end, indent, depth, false));
      }
    }
    if (this.at < starts.length && (indents[this.at] as number) > indent) bail();
    return list;
  }

  /** The value in text[from, end) after `key:` or `-`; consumes its line and any nested block. */
  value(from: number, end: number, indent: number, depth: number, inMapping: boolean): unknown {
    const { text } = this;
    const comment = commentStart(text, from, end);
    let last = comment >= 0 ? comment : end;
    while (from < last && text.charCodeAt(from) === 32) from++;
    while (last > from && text.charCodeAt(last - 1) === 32) last--;
    if (last < from) last = from;
    this.at++;
    const nextIndent = this.indents[this.at] ?? -1;
    if (from === last) {
      if (nextIndent > indent) return this.block(nextIndent, depth + 1);
      if (inMapping && nextIndent === indent && this.entryHere()) return this.sequence(indent, depth + 1);
      return null;
    }
    if (nextIndent > indent) bail(); // a multi-line scalar, or a key under a scalar
    const value = text.slice(from, last);
    const c = value.charCodeAt(0);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (comment >= 0 && value.includes('#')) bail();
      const flow = new Flow(value, this.maxDepth - depth);
      const node = flow.node(0);
      if (flow.at !== value.length) bail();
      return node;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) return quoted(value);
    if (INDICATOR.test(value) || value.includes(': ') || value.endsWith(':')) bail();
    return scalar(value);
  }
}

/** A one-line quoted string without escapes: `"text"`, or `'text'` with `''` for a quote. */
function quoted(value: string): string {
  const quote = value[0] as string;
  const inner = value.slice(1, -1);
  if (value.length < 2 || !value.endsWith(quote)) bail();
  if (quote === '"') return inner.includes('"') || inner.includes('\\') ? bail() : inner;
  return inner.replaceAll("''", '').includes("'") ? bail() : inner.replaceAll("''", "'");
}

/** One-line flow collections of plain scalars: `[a, b]`, `{ kb: x, files: [f1, f2] }`. */
class Flow {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  node(depth: number): unknown {
    if (depth > this.maxDepth) bail();
    this.space();
    const c = this.text[this.at];
    if (c === '[') return this.collection(']', depth, () => this.node(depth + 1));
    if (c === '{') {
      const map: Record<string, unknown> = {};
      this.collection('}', depth, () => {
        const name = key(this.plain());
        if (this.text[this.at] !== ':' || this.text[this.at + 1] !== ' ') bail();
        this.at++;
        if (Object.hasOwn(map, name)) bail();
        map[name] = this.node(depth + 1);
      });
      return map;
    }
    return scalar(this.plain());
  }

  private collection<T>(close: string, _depth: number, item: () => T): T[] {
    const items: T[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === close) {
      this.at++;
      return items;
    }
    for (;;) {
      items.push(item());
      this.space();
      const c = this.text[this.at];
      this.at++;
      if (c === close) return items;
      if (c !== ',') bail();
      this.space();
      if (this.text[this.at] === close) bail(); // a trailing comma: leave it to the full parsers
    }
  }

  /** A plain scalar in flow context: up to `,` `[` `]` `{` `}` or `:`; anything unusual bails. */
  private plain(): string {
    this.space();
    const start = this.at;
    while (this.at < this.text.length && !',[]{}:#'.includes(this.text[this.at] as string)) this.at++;
    const text = this.text.slice(start, this.at).trimEnd();
    if (text === '' || INDICATOR.test(text) || this.text[this.at] === '#') bail();
    return text;
  }

  private space(): void {
    while (this.text.charCodeAt(this.at) === 32) this.at++;
  }
}

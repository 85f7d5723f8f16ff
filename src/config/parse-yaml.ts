/**
 * One YAML file -> a plain value with source positions, refusing hostile input cleanly:
 * oversized or non-UTF-8 files, alias bombs, duplicate keys, prototype keys and deep nesting.
 */
import { isUtf8 } from 'node:buffer';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceLocation } from './diagnostic.js';
import { FORBIDDEN_KEYS, inspectYamlTree, type TreeLimits } from './inspect-yaml-tree.js';
import { parseYamlFast } from './parse-yaml-fast.js';

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

export type PathSegment = string | number;

/** A parsed file: its value and a way back from a path inside it to a line and column. */
export interface ParsedFile {
  path: string;
  value: unknown;
  /** Position of the value (or, with `'key'`, the key) at `path`; the nearest existing ancestor otherwise. */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): SourceLocation;
}

export interface ParseResult {
  file?: ParsedFile;
  diagnostics: Diagnostic[];
  /** The decoded text, when the file was read as UTF-8 (for code frames even when parsing failed). */
  text?: string;
}

export interface ParseOptions {
  /**
   * Files of at least this many bytes try the fast path first (parse-yaml-fast.ts): a plain value without
   * positions, which are recovered by the exact parse only when a diagnostic asks for one. 0 (the
   * default) means every file; `Infinity` means none (the exact `yaml` path only).
   */
  fastParseMinBytes?: number;
}

export function parseYamlFile(
  path: string,
  bytes: Uint8Array,
  limits: ParseLimits = DEFAULT_LIMITS,
  { fastParseMinBytes = 0 }: ParseOptions = {},
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

  const fast = bytes.byteLength >= fastParseMinBytes ? parseYamlFast(text, limits.maxDepth) : undefined;
  if (fast) {
    // Positions cost the full Document parse: made once, on the first diagnostic that needs one.
    let exact: ParsedFile['locate'] | undefined;
    const source = text;
    const locate: ParsedFile['locate'] = (at, part) => {
      exact ??= parseExact(path, source, limits).file?.locate ?? (() => ({ file: path, line: 1, column: 1 }));
      return exact(at, part);
    };
    return { file: { path, value: fast.value ?? {}, locate }, diagnostics: [], text };
  }
  return parseExact(path, text, limits);
}

/** The exact path: `yaml`'s Document API, every node with its range, every problem with its position. */
function parseExact(path: string, text: string, limits: ParseLimits): ParseResult {
  const at = (line = 1, column = 1): SourceLocation => ({ file: path, line, column });
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    if (error instanceof RangeError) return { ...fail(tooDeep(at())), text };
    throw error;
  }
  const pos = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return at(line, col);
  };

  const diagnostics: Diagnostic[] = [];
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const duplicate = problem.code === 'DUPLICATE_KEY';
    diagnostics.push({
      rule: duplicate ? 'yaml-duplicate-key' : 'yaml-syntax',
      severity: 'error',
      message: firstLine(problem.message),
      hint: duplicate ? 'remove or rename one of the keys' : 'fix the YAML syntax',
      location: pos(problem.pos[0]),
    });
  }
  if (diagnostics.length > 0) return { diagnostics, text };

  for (const problem of inspectYamlTree(doc, limits)) {
    const { offset, ...rest } = problem;
    diagnostics.push({ ...rest, severity: 'error', location: pos(offset) });
  }
  if (diagnostics.length > 0) return { diagnostics, text };

  let value: unknown;
  try {
    // Aliases were measured above; they resolve to shared objects, so conversion itself is linear.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    if (error instanceof RangeError) return { ...fail(tooDeep(at())), text };
    throw error;
  }

  const locate = (path: readonly PathSegment[], part: 'key' | 'value' = 'value'): SourceLocation => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const segment of path) {
      const next = childOf(node, segment);
      if (!next) break;
      node = next.value;
      keyNode = next.key;
    }
    const target = part === 'key' && keyNode ? keyNode : (node ?? keyNode);
    const range = (target as YamlNode | undefined)?.range;
    if (!range) return at();
    const start = pos(range[0]);
    const end = pos(range[1]);
    return { ...start, endLine: end.line, endColumn: end.column };
  };

  return { file: { path, value: value ?? {}, locate }, diagnostics: [], text };
}

function childOf(node: unknown, segment: PathSegment): { key?: unknown; value: unknown } | undefined {
  if (isAlias(node)) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) return { key: pair.key, value: pair.value ?? pair.key };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const value: unknown = node.items[segment];
    return value === undefined ? undefined : { value };
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
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

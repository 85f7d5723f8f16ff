/**
 * Load step: files and directories -> one merged config whose every node can be traced back to
 * `file:line:col`. Sections merge across files; a name defined twice is an error naming both places.
 * Returns `{ config, diagnostics }`; the caller decides how loud to be.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContactsConfig } from './contacts-config.generated.js';
import { formatLocation, sortDiagnostics, type Diagnostic, type SourceLocation } from './diagnostic.js';
import {
  DEFAULT_LIMITS,
  parseYamlFile,
  type ParsedFile,
  type ParseLimits,
  type PathSegment,
} from './parse-yaml.js';
import { sourceLines, type SourceLine } from './source-lines.js';
import { readRosters } from './sources/load-rosters.js';
import { rememberSchemaValid, validateSchema } from './validate-schema.js';

export const MAP_SECTIONS = ['inboxes', 'labels', 'knowledge_bases', 'tiers'] as const;
export const LIST_SECTIONS = ['contacts', 'rosters', 'policies', 'tests'] as const;
export const SCALAR_SECTIONS = ['version', 'api', 'on_removal'] as const;

export interface LoadedConfig {
  files: readonly ParsedFile[];
  /** The merged config. Schema-valid when `diagnostics` has no errors. */
  value: ContactsConfig;
  /** Where the node at `path` (a path into the merged value) was written. */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): SourceLocation | undefined;
}

export interface LoadResult {
  config?: LoadedConfig;
  /** Loader and schema problems, sorted by file and line. Semantic rules come from `checkConfig`. */
  diagnostics: Diagnostic[];
  /** The text of every file that could be read, by path (for code frames). */
  sources: ReadonlyMap<string, string>;
  /** The text of one line of any file read, YAML or roster (for code frames; a roster is read again). */
  sourceLine: SourceLine;
}

export interface LoadOptions {
  limits?: Partial<ParseLimits>;
}

/** Expands `-c` arguments: files as given, directories to their `*.yaml` / `*.yml` files, sorted. */
export async function expandConfigPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(path)).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith('.')).sort();
      out.push(...names.map((n) => join(path, n)));
    } else {
      out.push(path);
    }
  }
  return out;
}

export async function loadConfig(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const limits = withDefaults(options.limits);
  const files: ParsedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const schemaValid = new Set<ParsedFile>();
  const expanded = await expandConfigPaths(paths);
  if (expanded.length === 0) {
    diagnostics.push({
      rule: 'config-not-found',
      severity: 'error',
      message: `no config files found in ${paths.join(', ')}`,
      hint: 'pass a file or a directory of *.yaml files with -c',
    });
  }
  for (const path of expanded) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
      diagnostics.push({
        rule: 'config-not-found',
        severity: 'error',
        message: info
          ? `config file ${path} is not a regular file (a FIFO, socket or device is not read)`
          : `config file ${path} does not exist`,
        hint: 'check the path given with -c (default ./contacts.yaml)',
      });
      continue;
    }
    if (info.size > limits.maxFileSize) {
      diagnostics.push({
        rule: 'file-too-large',
        severity: 'error',
        message: `file is ${info.size} bytes, over the limit of ${limits.maxFileSize}`,
        hint: 'split the config into several files, or raise the bound with --max-file-size',
        location: { file: path, line: 1, column: 1 },
      });
      continue;
    }
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => error);
    if (bytes instanceof Error) {
      diagnostics.push({
        rule: 'config-not-found',
        severity: 'error',
        message: `config file ${path} cannot be read (${bytes.code ?? bytes.message})`,
        hint: 'check the path and its permissions',
      });
      continue;
    }
    const parsed = parseYamlFile(path, bytes, limits);
    if (parsed.text !== undefined) sources.set(path, parsed.text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.file) {
      const schemaProblems = validateSchema(parsed.file);
      diagnostics.push(...schemaProblems);
      files.push(parsed.file);
      if (schemaProblems.length === 0) schemaValid.add(parsed.file);
    }
  }
  // Contacts of `rosters:` (CSV, JSON Lines, SQL) merge after the YAML contacts, one file per roster.
  const rosters = await readRosters(files);
  diagnostics.push(...rosters.diagnostics);
  for (const file of rosters.files) {
    files.push(file);
    if (rosters.clean.has(file)) schemaValid.add(file);
  }
  const merged = mergeFiles(files);
  diagnostics.push(...merged.diagnostics);
  if (files.length > 0 && files.every((f) => schemaValid.has(f)) && merged.diagnostics.length === 0)
    rememberSchemaValid(merged.config.value);
  return {
    config: merged.config,
    diagnostics: sortDiagnostics(diagnostics),
    sources,
    sourceLine: sourceLines(sources, rosters.lines),
  };
}

/** The given limits, where each one that is not a positive number falls back to its default. */
export function withDefaults(given: Partial<ParseLimits> = {}): ParseLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as (keyof ParseLimits)[]) {
    const value = given[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) limits[key] = value;
  }
  return limits;
}

type Origin = { file: ParsedFile; offset: number };

/** Merges parsed files section by section, remembering which file each entry came from. */
export function mergeFiles(files: readonly ParsedFile[]): {
  config: LoadedConfig;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const value: Record<string, unknown> = {};
  const mapOrigins = new Map<string, Map<string, ParsedFile>>();
  const listOrigins = new Map<string, { file: ParsedFile; start: number; count: number }[]>();
  const scalarOrigins = new Map<string, ParsedFile>();

  for (const file of files) {
    const root = file.value;
    if (root === null || typeof root !== 'object' || Array.isArray(root)) continue;
    for (const [section, content] of Object.entries(root as Record<string, unknown>)) {
      if ((MAP_SECTIONS as readonly string[]).includes(section)) {
        if (content === null || typeof content !== 'object' || Array.isArray(content)) continue;
        const target = (value[section] ??= {}) as Record<string, unknown>;
        const origins = mapOrigins.get(section) ?? new Map<string, ParsedFile>();
        mapOrigins.set(section, origins);
        for (const [name, entry] of Object.entries(content as Record<string, unknown>)) {
          const first = origins.get(name);
          if (first) {
            const firstAt = first.locate([section, name], 'key');
            diagnostics.push({
              rule: 'duplicate-definition',
              severity: 'error',
              message: `${section}.${name} is defined twice: here and at ${formatLocation(firstAt)}`,
              hint: 'keep one definition; names must be unique across all config files',
              location: file.locate([section, name], 'key'),
            });
            continue;
          }
          origins.set(name, file);
          target[name] = entry;
        }
      } else if ((LIST_SECTIONS as readonly string[]).includes(section)) {
        if (!Array.isArray(content)) continue;
        const target = (value[section] ??= []) as unknown[];
        const origins = listOrigins.get(section) ?? [];
        listOrigins.set(section, origins);
        origins.push({ file, start: target.length, count: content.length });
        for (const item of content) target.push(item);
      } else {
        const first = scalarOrigins.get(section);
        if (first && JSON.stringify(value[section]) !== JSON.stringify(content)) {
          diagnostics.push({
            rule: 'duplicate-definition',
            severity: 'error',
            message: `${section} is set differently here and at ${formatLocation(first.locate([section], 'key'))}`,
            hint: `set ${section} in one file only`,
            location: file.locate([section], 'key'),
          });
          continue;
        }
        scalarOrigins.set(section, file);
        value[section] = content;
      }
    }
  }

  const originOf = (path: readonly PathSegment[]): Origin | undefined => {
    const [section, second] = path;
    if (typeof section !== 'string') return files[0] ? { file: files[0], offset: 0 } : undefined;
    const map = mapOrigins.get(section);
    if (map) {
      const file = second === undefined ? [...map.values()][0] : map.get(String(second));
      return file ? { file, offset: 0 } : undefined;
    }
    const list = listOrigins.get(section);
    if (list) {
      if (typeof second !== 'number') return list[0] ? { file: list[0].file, offset: 0 } : undefined;
      const chunk = list.find((c) => second >= c.start && second < c.start + c.count);
      return chunk ? { file: chunk.file, offset: chunk.start } : undefined;
    }
    const scalar = scalarOrigins.get(section);
    return scalar ? { file: scalar, offset: 0 } : undefined;
  };

  const config: LoadedConfig = {
    files,
    value: value,
    locate(path, part = 'value') {
      const origin = originOf(path);
      if (!origin) return undefined;
      const local = [...path];
      if (origin.offset && typeof local[1] === 'number') local[1] -= origin.offset;
      return origin.file.locate(local, part);
    },
  };
  return { config, diagnostics };
}

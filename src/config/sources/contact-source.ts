/**
 * The contact-source seam: something that yields declared contacts with a position for every field.
 * One implementation per input kind: YAML `contacts:` (yaml-source.ts), and the rosters of `rosters:`
 * (CSV, JSON Lines, a PostgreSQL query). The loader turns each read source into a `ParsedFile` whose
 * value is `{ contacts }`, so the merged config, its rules, plan and explain treat every contact alike.
 */
import type { Contact } from '../contacts-config.generated.js';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import type { ParsedFile, PathSegment } from '../parse-yaml.js';

export type SourceKind = 'yaml' | 'csv' | 'jsonl' | 'postgres';

/** The contacts one source declares, in source order, each field traceable to where it was written. */
export interface ContactSet {
  /** A file path, or `postgres:$VAR` for a query. */
  readonly origin: string;
  readonly contacts: readonly Contact[];
  /**
   * Where `field` of contact `index` was written (the column of a CSV record, the line of a JSON Lines
   * record, the row and column of a query); the contact's record or row when no field is given.
   */
  locate(index: number, field?: string): SourceLocation;
  /** The text of line `line` of a file source (for code frames); absent for a query. */
  lineText?(line: number): string | undefined;
}

export interface SourceRead {
  /** Absent only when nothing could be read (the diagnostics say why). */
  set?: ContactSet;
  /** Problems found while reading, each at its row. */
  diagnostics: Diagnostic[];
}

export interface ContactSource {
  readonly kind: SourceKind;
  readonly origin: string;
  read(): Promise<SourceRead>;
}

/** A read set as the loader's `ParsedFile`: value `{ contacts }`, positions through `locate`. */
export function contactSetAsFile(set: ContactSet): ParsedFile {
  const { origin } = set;
  return {
    path: origin,
    value: { contacts: set.contacts },
    locate(path: readonly PathSegment[]): SourceLocation {
      const [section, index, field] = path;
      if (section !== 'contacts' || typeof index !== 'number') return { file: origin, line: 1, column: 1 };
      return set.locate(index, typeof field === 'string' ? field : undefined);
    },
  };
}

/**
 * Load stage of `rosters:`: each entry of each config file picks its contact source (CSV, JSON Lines,
 * PostgreSQL), paths relative to the config file; each read set becomes a `ParsedFile` of contacts
 * that the loader merges after the YAML contacts.
 */
import { dirname, join } from 'node:path';
import type { Roster } from '../contacts-config.generated.js';
import type { Diagnostic } from '../diagnostic.js';
import type { ParsedFile } from '../parse-yaml.js';
import { contactSetAsFile, type ContactSource } from './contact-source.js';
import { csvContactSource } from './csv-source.js';
import { jsonlContactSource } from './jsonl-source.js';
import { postgresContactSource } from './postgres-source.js';

export interface RostersRead {
  /** One file of contacts per roster that could be read, in config order. */
  files: ParsedFile[];
  /** Rosters whose every row became a contact (their contacts are schema-valid by construction). */
  clean: Set<ParsedFile>;
  diagnostics: Diagnostic[];
  /** The line text of each roster file that was read, by its path (for code frames). */
  lines: Map<string, (line: number) => string | undefined>;
}

/** The source an entry of `rosters:` names, or undefined when the entry is malformed (the schema says why). */
export function rosterSource(
  configPath: string,
  roster: Roster,
  env = process.env,
): ContactSource | undefined {
  const relative = (path: string): string => join(dirname(configPath), path);
  if (typeof roster.csv === 'string') return csvContactSource(relative(roster.csv), roster);
  if (typeof roster.jsonl === 'string') return jsonlContactSource(relative(roster.jsonl), roster);
  const pgSpec = roster.postgres;
  if (pgSpec && typeof pgSpec.url_env === 'string' && typeof pgSpec.query === 'string')
    return postgresContactSource(pgSpec, roster, env);
  return undefined;
}

export async function readRosters(configs: readonly ParsedFile[]): Promise<RostersRead> {
  const out: RostersRead = { files: [], clean: new Set(), diagnostics: [], lines: new Map() };
  for (const config of configs) {
    const rosters = (config.value as { rosters?: unknown } | null)?.rosters;
    if (!Array.isArray(rosters)) continue;
    for (const [index, roster] of rosters.entries()) {
      if (roster === null || typeof roster !== 'object') continue;
      const source = rosterSource(config.path, roster as Roster);
      if (!source) continue;
      const read = await source.read();
      for (const d of read.diagnostics) {
        // A roster that cannot be opened is placed at its entry in the config.
        if (!d.location || d.rule === 'roster-not-found')
          d.location = config.locate([
            'rosters',
            index,
            source.kind === 'postgres' ? 'postgres' : source.kind,
          ]);
      }
      out.diagnostics.push(...read.diagnostics);
      if (!read.set) continue;
      const { lineText } = read.set;
      if (lineText) out.lines.set(read.set.origin, (line) => lineText.call(read.set, line));
      const file = contactSetAsFile(read.set);
      out.files.push(file);
      if (read.diagnostics.length === 0) out.clean.add(file);
    }
  }
  return out;
}

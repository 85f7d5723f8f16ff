/** The rule ids a roster can report while its rows are read, with what each means and how to fix it. */
import type { RuleInfo } from '../rule-catalog.js';

const rule = (id: string, description: string, fix: string): RuleInfo => ({
  id,
  severity: 'error',
  stage: 'load',
  description,
  fix,
});

export const ROSTER_RULES: readonly RuleInfo[] = [
  rule(
    'roster-not-found',
    'A roster file does not exist or cannot be read (paths are relative to the config file).',
    'check the path of csv: or jsonl:',
  ),
  rule(
    'roster-syntax',
    'A roster row cannot be read: malformed CSV (an unclosed quote, a record with more cells than the header) or a JSON Lines line that is not a JSON object.',
    'fix the row at the position shown',
  ),
  rule(
    'roster-missing-column',
    'A column the roster needs (source_id, name, inbox) is not in the header, the JSON object or the query result, and has no default.',
    'add the column, map the field to another column under columns:, or give a value under defaults:',
  ),
  rule(
    'roster-empty-source-id',
    "A row has no source_id: the business system's user id is the natural key of a contact.",
    'fill in the id, or leave the row out of the export',
  ),
  rule(
    'roster-empty-value',
    'A row has no name or no inbox, and the roster has no default for it.',
    'fill in the cell, or give a value under defaults:',
  ),
  rule(
    'roster-invalid-value',
    'A cell holds a value of the wrong kind: a JSON value that is not a string or number, an avatar that is not a URL, a value longer than the bound.',
    'write a plain string (an https URL for avatar)',
  ),
  rule(
    'unknown-level',
    'The tier column holds a business level that tier_map does not list.',
    'add the level to tier_map, or correct the row',
  ),
  rule(
    'roster-env-missing',
    'The environment variable named by url_env is not set, so the roster query cannot run.',
    'export the connection string in that variable (never in the config)',
  ),
  rule(
    'roster-query-failed',
    'The PostgreSQL roster query could not run (connection refused, bad SQL, a write refused by the read-only transaction).',
    'check the query and the database; the message says what PostgreSQL answered',
  ),
];

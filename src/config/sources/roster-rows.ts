/**
 * A roster row -> a declared contact: the column of each field (`columns:`, else the field's own name),
 * `defaults:`, `tier_map:`, and the row-level checks, each problem reported at the row's field.
 */
import type { Contact, Roster } from '../contacts-config.generated.js';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';

export const CONTACT_FIELDS = ['source_id', 'name', 'avatar', 'inbox', 'tier'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

const ALIAS_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MAX_LENGTH: Record<ContactField, number> = {
  source_id: 255,
  name: 255,
  avatar: 2048,
  inbox: 128,
  tier: 128,
};
const REQUIRED: readonly ContactField[] = ['source_id', 'name', 'inbox'];

/** The column each contact field is read from. */
export function columnsOf(roster: Roster): Record<ContactField, string> {
  const named = roster.columns ?? {};
  return {
    source_id: named.source_id ?? 'source_id',
    name: named.name ?? 'name',
    avatar: named.avatar ?? 'avatar',
    inbox: named.inbox ?? 'inbox',
    tier: named.tier ?? 'tier',
  };
}

/**
 * Fields that need a column the source lacks (a header, an object's keys, a query's columns), and
 * have no default: one `roster-missing-column` each, at `at`.
 */
export function missingColumns(
  roster: Roster,
  has: (column: string) => boolean,
  at: () => SourceLocation,
  what: string,
): Diagnostic[] {
  const columns = columnsOf(roster);
  const defaults = roster.defaults ?? {};
  const out: Diagnostic[] = [];
  for (const field of REQUIRED) {
    if (has(columns[field]) || (field !== 'source_id' && defaults[field] !== undefined)) continue;
    const mapped = roster.columns?.[field] !== undefined;
    out.push({
      rule: 'roster-missing-column',
      severity: 'error',
      message: `${what} has no column "${columns[field]}" for ${field}${mapped ? '' : ' (columns: does not map it)'}`,
      hint:
        field === 'source_id'
          ? `add the column, or map source_id to the id column under columns:`
          : `add the column, map ${field} to another column under columns:, or set defaults.${field}`,
      location: at(),
    });
  }
  return out;
}

/** One row's cells by field: a cell is a string, a number (JSON, SQL), or absent. */
export type ReadCell = (field: ContactField) => unknown;

export interface RowProblem {
  field: ContactField | undefined;
  rule: string;
  message: string;
  hint: string;
}

/**
 * Builds contacts from rows of one roster. `build` returns the contact, or undefined when the row
 * cannot be one (no source_id, name or inbox); each problem goes to `report` with its field.
 */
export function rowBuilder(
  roster: Roster,
  present: (field: ContactField) => boolean,
): (cell: ReadCell, report: (problem: RowProblem) => void) => Contact | undefined {
  const columns = columnsOf(roster);
  const defaults = roster.defaults ?? {};
  const tierMap = roster.tier_map;
  const has = {} as Record<ContactField, boolean>;
  for (const field of CONTACT_FIELDS) has[field] = present(field);

  // A few inboxes for a million rows: each value kept once (less memory, faster lookups by it).
  const inboxes = new Map<string, string>();
  const same = (value: string): string => {
    const known = inboxes.get(value);
    if (known !== undefined) return known;
    if (inboxes.size < 10_000) inboxes.set(value, value);
    return value;
  };

  return (cell, report) => {
    const text = (field: ContactField): string | undefined => {
      if (!has[field]) return undefined;
      const raw = cell(field);
      if (raw === undefined || raw === null || raw === '') return undefined;
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
      invalid = field;
      report({
        field,
        rule: 'roster-invalid-value',
        message: `column "${columns[field]}" holds a ${Array.isArray(raw) ? 'list' : typeof raw}, not a string`,
        hint: `write ${field} as a string`,
      });
      return undefined;
    };
    let ok = true;
    let invalid: ContactField | undefined;
    const required = (field: 'source_id' | 'name' | 'inbox'): string => {
      const value = text(field) ?? (field === 'source_id' ? undefined : defaults[field]);
      if (value === undefined) {
        ok = false;
        if (invalid === field) return '';
        report(
          field === 'source_id'
            ? {
                field,
                rule: 'roster-empty-source-id',
                message: `the row has no source_id (column "${columns.source_id}" is empty)`,
                hint: "fill in the business system's user id; it is the natural key of the contact",
              }
            : {
                field,
                rule: 'roster-empty-value',
                message: `the row has no ${field} (column "${columns[field]}" is empty)`,
                hint: `fill in the cell, or set defaults.${field}`,
              },
        );
        return '';
      }
      return bounded(field, value);
    };
    const bounded = (field: ContactField, value: string): string => {
      if (value.length <= MAX_LENGTH[field]) return value;
      ok = false;
      report({
        field,
        rule: 'roster-invalid-value',
        message: `${field} is ${value.length} characters long, over the limit of ${MAX_LENGTH[field]}`,
        hint: `shorten the ${field}`,
      });
      return value;
    };

    const source_id = required('source_id');
    const name = required('name');
    let avatar = text('avatar') ?? defaults.avatar;
    if (avatar !== undefined && !(URL.canParse(avatar) && avatar.length <= MAX_LENGTH.avatar)) {
      report({
        field: 'avatar',
        rule: 'roster-invalid-value',
        message: `avatar "${avatar.slice(0, 80)}" is not a URL`,
        hint: 'write the full https:// URL of the image, or leave the cell empty',
      });
      avatar = undefined;
    }
    const inbox = same(required('inbox'));
    const tier = tierOf(text('tier'));
    if (!ok) return undefined;
    // Made whole at once, in the order of YAML contacts (source_id, name, avatar?, inbox, tier?): one
    // shape with its fields inside the object, for each of a million rows.
    if (avatar === undefined)
      return tier === undefined ? { source_id, name, inbox } : { source_id, name, inbox, tier };
    return tier === undefined ? { source_id, name, avatar, inbox } : { source_id, name, avatar, inbox, tier };

    function tierOf(value: string | undefined): string | undefined {
      if (value === undefined) return defaults.tier;
      if (tierMap) {
        const mapped = Object.hasOwn(tierMap, value) ? tierMap[value] : undefined;
        if (mapped !== undefined) return mapped;
        report({
          field: 'tier',
          rule: 'unknown-level',
          message: `level "${value.slice(0, 80)}" is not in tier_map (${Object.keys(tierMap).join(', ')})`,
          hint: 'add the level to tier_map, or correct the row',
        });
        return undefined;
      }
      if (ALIAS_NAME.test(value) && value.length <= MAX_LENGTH.tier) return same(value);
      report({
        field: 'tier',
        rule: 'unknown-tier',
        message: `tier "${value.slice(0, 80)}" is not a tier name`,
        hint: 'write the name of a tier declared under tiers:, or map the levels with tier_map:',
      });
      return undefined;
    }
  };
}

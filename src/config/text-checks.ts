/**
 * Text that cannot hide, spoof or duplicate: checks on plain `(value, location)` pairs, so every
 * contact source (the YAML config, CSV and JSON Lines rosters) applies the same ones and reports them
 * under the same rule ids.
 *
 * - `unsafe-character` (error): a C0 control (tab and line feed are allowed outside identities), DEL, a
 *   C1 control, a bidi embedding, override, isolate or mark, or a lone surrogate.
 * - `surrounding-whitespace` (error): `source_id` or `name` starts or ends with whitespace (MaiAgent trims
 *   it, so the identity would never match what is live again); `blank-value` (error): only whitespace.
 * - `confusable-source-id` (error): two source_ids of one inbox are equal after NFC, or differ only by
 *   invisible characters (zero-width, soft hyphen, NBSP or another space for a space).
 *   `similar-source-id` (warning): they differ only by case or compatibility form (NFKC, full-width).
 */
import type { Diagnostic, SourceLocation } from './diagnostic.js';
import { formatLocation } from './diagnostic.js';

export const TEXT_RULE_IDS = {
  unsafeCharacter: 'unsafe-character',
  surroundingWhitespace: 'surrounding-whitespace',
  blankValue: 'blank-value',
  confusableSourceId: 'confusable-source-id',
  similarSourceId: 'similar-source-id',
} as const;

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_STRICT = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const UNSAFE = new RegExp(`${CONTROL.source}|${BIDI.source}|${LONE_SURROGATE.source}`);
const UNSAFE_STRICT = new RegExp(`${CONTROL_STRICT.source}|${BIDI.source}|${LONE_SURROGATE.source}`);

const hex = (ch: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0) return 'a NUL character (U+0000)';
  if (code >= 0xd800 && code <= 0xdfff) return `a lone surrogate (${hex(ch)})`;
  if (BIDI.test(ch)) return `a bidirectional-text control (${hex(ch)}), which can reorder what a reader sees`;
  if (code === 0x7f) return 'a DEL control character (U+007F)';
  return `a control character (${hex(ch)})`;
}

function diagnostic(
  rule: string,
  severity: Diagnostic['severity'],
  message: string,
  hint: string,
  location: SourceLocation | undefined,
): Diagnostic {
  const d: Diagnostic = { rule, severity, message, hint };
  if (location) d.location = location;
  return d;
}

/**
 * `unsafe-character` for one string (a value or a key). `what` names it in the message, e.g.
 * `source_id` or `the key "vip"`. Identity fields (`strict`) allow no tab or line feed either.
 */
export function checkCharacters(
  value: string,
  location: SourceLocation | undefined,
  what = 'this string',
  strict = false,
): Diagnostic[] {
  const first = (strict ? UNSAFE_STRICT : UNSAFE).exec(value);
  if (!first) return [];
  return [
    diagnostic(
      TEXT_RULE_IDS.unsafeCharacter,
      'error',
      `${what} holds ${describeChar(first[0])} at character ${first.index + 1}`,
      'remove it: control characters, bidi controls and lone surrogates can hide or reorder text in reviews and terminals',
      location,
    ),
  ];
}

/** `surrounding-whitespace` / `blank-value` for an identity field (`source_id`, `name`). */
export function checkIdentityWhitespace(
  field: string,
  value: string,
  location: SourceLocation | undefined,
): Diagnostic[] {
  if (value.length > 0 && value.trim() === '') {
    return [
      diagnostic(
        TEXT_RULE_IDS.blankValue,
        'error',
        `${field} is only whitespace`,
        `write a ${field} with visible characters`,
        location,
      ),
    ];
  }
  if (value !== value.trim()) {
    const where = /^\s/.test(value) ? (/\s$/.test(value) ? 'starts and ends' : 'starts') : 'ends';
    return [
      diagnostic(
        TEXT_RULE_IDS.surroundingWhitespace,
        'error',
        `${field} ${JSON.stringify(value)} ${where} with whitespace`,
        `remove it: MaiAgent trims ${field}, so the contact would never match what is live again`,
        location,
      ),
    ];
  }
  return [];
}

/** Invisible characters dropped by the strict key (zero-width, joiners, soft hyphen, word joiner, BOM). */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/g;
/** Spaces that look like a space (NBSP, en/em spaces, narrow NBSP, ideographic space …). */
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

/**
 * Printable ASCII: no normalisation, invisible character or odd space can change such a string, and it
 * holds no character `unsafe-character` looks for.
 */
export const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * `PRINTABLE_ASCII.test(value)` as a loop over the characters, which the rules run on each of a
 * million strings: cheaper than a regex call on the short strings of a config.
 */
export function isPrintableAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

/** Printable ASCII without capital letters (such a source_id is its own loose key), as a loop. */
export function isPlainSourceId(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || (code >= 0x41 && code <= 0x5a)) return false;
  }
  return true;
}

/** Equal for two source_ids that no reader can tell apart: NFC, invisible characters dropped, spaces unified. */
export function strictSourceIdKey(value: string): string {
  if (isPrintableAscii(value)) return value;
  return value.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ');
}

/** Equal for two source_ids that differ only by case or compatibility form (full-width, NFKC). */
export function looseSourceIdKey(value: string): string {
  return looseOfStrict(strictSourceIdKey(value));
}

function looseOfStrict(strict: string): string {
  // NFKC leaves printable ASCII as it is, and lower-casing keeps it ASCII.
  if (isPrintableAscii(strict)) return strict.toLowerCase();
  return strict.normalize('NFKC').toLowerCase().normalize('NFC');
}

/** A position, or a function that finds it: looked up only when a problem names the place. */
export type LocationSource = SourceLocation | undefined | (() => SourceLocation | undefined);

interface Seen {
  value: string;
  strictKey: string;
  location: LocationSource;
}

function whereOf(location: LocationSource): SourceLocation | undefined {
  return typeof location === 'function' ? location() : location;
}

/**
 * Finds source_ids of one inbox that a reader could take for one another. Feed it every contact in
 * order (`inbox` as its UUID); each call returns the problems of that contact against earlier ones.
 * Exactly equal source_ids are not its business (`duplicate-address` reports those).
 */
export class SourceIdCollisions {
  /**
   * Earlier source_ids by inbox, then loose key. Equal strict keys give equal loose keys (the loose key is
   * a function of the strict one), so one map finds both kinds.
   */
  private readonly inboxes = new Map<string, Map<string, Seen[]>>();

  add(inbox: string, sourceId: string, location: LocationSource): Diagnostic[] {
    const strictKey = strictSourceIdKey(sourceId);
    const here: Seen = { value: sourceId, strictKey, location };
    // A map per inbox: keys joined into one string cost more to hash than the rest of the check.
    let seen = this.inboxes.get(inbox);
    if (seen === undefined) {
      seen = new Map();
      this.inboxes.set(inbox, seen);
    }
    const key = looseOfStrict(strictKey);
    const peers = seen.get(key);
    if (peers === undefined) {
      seen.set(key, [here]);
      return [];
    }
    const problems = this.problems(peers, here);
    peers.push(here);
    return problems;
  }

  /** What `here` is to the earlier source_ids with its loose key. */
  private problems(peers: readonly Seen[], here: Seen): Diagnostic[] {
    const { value: sourceId, strictKey } = here;
    const twin = peers.find((p) => p.strictKey === strictKey && p.value !== sourceId);
    if (twin) {
      return [
        diagnostic(
          TEXT_RULE_IDS.confusableSourceId,
          'error',
          `source_id ${JSON.stringify(sourceId)} looks the same as ${JSON.stringify(twin.value)} at ${placeOf(twin)} (they differ only by Unicode normalisation or invisible characters)`,
          'use one spelling: two contacts nobody can tell apart would each get their own access',
          whereOf(here.location),
        ),
      ];
    }
    const look = peers.find((p) => p.strictKey !== strictKey);
    if (look) {
      return [
        diagnostic(
          TEXT_RULE_IDS.similarSourceId,
          'warning',
          `source_id ${JSON.stringify(sourceId)} differs from ${JSON.stringify(look.value)} at ${placeOf(look)} only by case or compatibility form (e.g. full-width)`,
          'if they are one person, use one spelling; if not, make the difference visible',
          whereOf(here.location),
        ),
      ];
    }
    return [];
  }
}

function placeOf(seen: Seen): string {
  const location = whereOf(seen.location);
  return location ? formatLocation(location) : 'an earlier row';
}

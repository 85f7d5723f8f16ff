/**
 * One walk over every string of the merged config (keys included), shared by the rules that look at
 * strings as text: `unsafe-character` and `secret-like-field`. At 100,000 contacts the walk is the
 * cost, not the checks, so it is made once per config; only the few strings a rule must look at
 * closer are kept, each with a copy of its path.
 */
import { isSecretLikeKey } from '../../util/secret-text.js';
import type { PathSegment } from '../parse-yaml.js';
import { isPrintableAscii } from '../text-checks.js';
import { isNode } from './walk-config.js';
import { oncePer } from '../../util/once-per.js';

/** A string worth a closer look, where it was met. */
export interface ScannedString {
  text: string;
  path: PathSegment[];
  part: 'key' | 'value';
  /**
   * The object or list the string is written in (for a key, the object it is a key of). An object the
   * config shares through a YAML alias is met at every place of use; a rule that reports a place once
   * tells them apart by it.
   */
  owner: object;
}

export interface StringScan {
  /** Strings (values and keys) that are not printable ASCII, in document order. */
  unusual: ScannedString[];
  /** Keys that look like credentials, outside the maps whose keys are names the user chose. */
  secretKeys: ScannedString[];
  /** Values that look like an Authorization header, in document order. */
  secretValues: ScannedString[];
}

/** The walk's depth bound, like the loader's (deeper nodes are refused there). */
const MAX_DEPTH = 256;

// An Authorization header value: a scheme, then a long token with at least one digit.
const SECRET_VALUE = /^(api-key|bearer|token|basic)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}$/i;
/** The shortest string SECRET_VALUE can match: "token" or "basic", one blank, 16 characters. */
const SECRET_VALUE_MIN = 'basic'.length + 1 + 16;

/** Whether SECRET_VALUE may match: its first letter, and its length. Nearly every string fails this. */
function maySecretValue(text: string): boolean {
  if (text.length < SECRET_VALUE_MIN) return false;
  const first = text.charCodeAt(0) | 0x20; // ASCII lower case
  return first === 0x61 /* a */ || first === 0x62 /* b */ || first === 0x74; /* t */
}

/** Maps whose keys are names chosen by the user (aliases, tiers), not fields. */
function keysAreNames(path: readonly PathSegment[]): boolean {
  if (path.length === 1) return ['inboxes', 'labels', 'knowledge_bases', 'tiers'].includes(String(path[0]));
  return path.length === 3 && path[0] === 'knowledge_bases' && (path[2] === 'files' || path[2] === 'faqs');
}

const cache = new WeakMap<object, StringScan>();

export function scanStrings(root: object): StringScan {
  return oncePer(cache, root, scan_);
}

function scan_(root: object): StringScan {
  const scan: StringScan = { unusual: [], secretKeys: [], secretValues: [] };
  // One path stack for the whole walk, copied only into what is kept.
  const path: PathSegment[] = [];
  const keep = (list: ScannedString[], text: string, part: 'key' | 'value', owner: object): void => {
    list.push({ text, path: [...path], part, owner });
  };
  // `hushed`: below a secret-like key, whose whole value is the finding, nothing more is secret.
  const value = (text: string, owner: object, hushed: boolean): void => {
    if (!isPrintableAscii(text)) keep(scan.unusual, text, 'value', owner);
    if (!hushed && maySecretValue(text) && SECRET_VALUE.test(text))
      keep(scan.secretValues, text, 'value', owner);
  };
  const walk = (node: object, depth: number, hushed: boolean): void => {
    const deeper = depth < MAX_DEPTH;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (!deeper) break;
        path.push(i);
        if (typeof item === 'string') value(item, node, hushed);
        else if (item !== null && typeof item === 'object') walk(item, depth + 1, hushed);
        path.pop();
      }
      return;
    }
    if (!isNode(node)) return;
    const names = hushed || keysAreNames(path);
    // for-in: no array of keys per object (a million contacts). Config objects are plain data: the
    // reader makes them with no enumerable inherited key.
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      path.push(key);
      if (!isPrintableAscii(key)) keep(scan.unusual, key, 'key', node);
      const secret = !names && isSecretLikeKey(key);
      if (secret) keep(scan.secretKeys, key, 'key', node);
      if (deeper) {
        const item = node[key];
        if (typeof item === 'string') value(item, node, hushed || secret);
        else if (item !== null && typeof item === 'object') walk(item, depth + 1, hushed || secret);
      }
      path.pop();
    }
  };
  walk(root, 0, false);
  return scan;
}

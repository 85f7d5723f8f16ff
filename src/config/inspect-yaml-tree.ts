/**
 * Checks a YAML event stream (js-yaml's `parseEvents`) before it becomes plain values: what aliases
 * would expand to (recursive aliases, "billion laughs" bombs, nesting hidden behind aliases), and, when
 * construction failed, which key was at fault. One linear pass with an explicit stack: no recursion, so
 * no stack overflow however deep the input; every anchored node is measured once.
 */
import { EVENT_ID, getScalarValue, type Event } from 'js-yaml';

export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface TreeLimits {
  /** Deepest nesting of mappings and sequences, aliases expanded. */
  maxDepth: number;
  /** How many nodes aliases may add to the document when expanded. */
  maxAliasExpansion: number;
}

export interface TreeProblem {
  rule: 'yaml-too-deep' | 'forbidden-key' | 'yaml-complex-key' | 'yaml-alias-limit' | 'yaml-recursive-alias';
  message: string;
  hint: string;
  /** Character offset in the source. */
  offset: number;
}

interface Size {
  /** Nodes once aliases are expanded. */
  nodes: number;
  /** Nesting levels once aliases are expanded (a scalar is 0, a flat list 1). */
  height: number;
}

interface Frame extends Size {
  anchor: string | undefined;
}

/** Where an event's node starts in the source (for a quoted scalar, its opening quote). */
export function eventOffset(event: Event, text: string): number {
  switch (event.type) {
    case EVENT_ID.SCALAR: {
      if (event.style === 2 || event.style === 3) return event.valueStart - 1;
      if (event.style === 4 || event.style === 5) {
        // A block scalar starts at its `|` or `>` indicator, before the content.
        return Math.max(text.lastIndexOf('|', event.valueStart), text.lastIndexOf('>', event.valueStart));
      }
      return event.valueStart;
    }
    case EVENT_ID.SEQUENCE:
    case EVENT_ID.MAPPING:
      return event.start;
    case EVENT_ID.ALIAS:
      return event.anchorStart - 1;
    default:
      return 0;
  }
}

const anchorOf = (event: Event, text: string): string | undefined =>
  'anchorStart' in event && event.anchorStart >= 0
    ? text.slice(event.anchorStart, event.anchorEnd)
    : undefined;

/** Measures aliases: the first problem, or undefined. Needed only when the stream has an alias. */
export function inspectAliases(
  events: readonly Event[],
  text: string,
  limits: TreeLimits,
): TreeProblem | undefined {
  const measured = new Map<string, Size>();
  const open = new Map<string, number>();
  const stack: Frame[] = [];
  let added = 0;
  const add = (child: Size): void => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    parent.nodes += child.nodes;
    if (child.height + 1 > parent.height) parent.height = child.height + 1;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        measured.clear();
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const anchor = anchorOf(event, text);
        if (anchor !== undefined) open.set(anchor, (open.get(anchor) ?? 0) + 1);
        stack.push({ nodes: 1, height: 1, anchor });
        break;
      }
      case EVENT_ID.SCALAR: {
        const anchor = anchorOf(event, text);
        if (anchor !== undefined) measured.set(anchor, { nodes: 1, height: 0 });
        add({ nodes: 1, height: 0 });
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(event.anchorStart, event.anchorEnd);
        const offset = eventOffset(event, text);
        if ((open.get(name) ?? 0) > 0) {
          return {
            rule: 'yaml-recursive-alias',
            message: `alias *${name} refers to a node that contains it`,
            hint: 'a config cannot contain itself; write the content out instead',
            offset,
          };
        }
        const size = measured.get(name) ?? { nodes: 1, height: 0 };
        added += size.nodes - 1;
        if (added > limits.maxAliasExpansion) {
          return {
            rule: 'yaml-alias-limit',
            message: `aliases expand to more than ${limits.maxAliasExpansion} extra nodes (a YAML "billion laughs" attack?)`,
            hint: 'write the content out instead of nesting aliases inside anchors',
            offset,
          };
        }
        // The alias sits one level below the innermost open collection.
        if (stack.length + size.height > limits.maxDepth) {
          return {
            rule: 'yaml-too-deep',
            message: `nesting is deeper than ${limits.maxDepth} levels once this alias is expanded`,
            hint: 'flatten the structure; label expressions rarely need more than a few levels',
            offset,
          };
        }
        add(size);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break; // the end of a document
        if (frame.anchor !== undefined) {
          open.set(frame.anchor, (open.get(frame.anchor) ?? 1) - 1);
          measured.set(frame.anchor, { nodes: frame.nodes, height: frame.height });
        }
        add(frame);
        break;
      }
    }
  }
  return undefined;
}

/**
 * The first key that is not a plain scalar (a collection or an alias to one), or a prototype key.
 * Called only when construction refused a key, to name the rule and the place exactly.
 */
export function findBadKey(events: readonly Event[], text: string): TreeProblem | undefined {
  // Per open collection: whether it is a mapping, and whether its next child is a key.
  const stack: { mapping: boolean; atKey: boolean }[] = [];
  const complex = (offset: number): TreeProblem => ({
    rule: 'yaml-complex-key',
    message: 'mapping keys must be plain strings',
    hint: 'use a string key',
    offset,
  });
  for (const event of events) {
    const parent = stack[stack.length - 1];
    const isKey = parent?.mapping === true && parent.atKey;
    switch (event.type) {
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (isKey) return complex(eventOffset(event, text));
        stack.push({ mapping: event.type === EVENT_ID.MAPPING, atKey: true });
        break;
      case EVENT_ID.ALIAS:
        if (isKey) return complex(eventOffset(event, text));
        if (parent?.mapping) parent.atKey = !parent.atKey;
        break;
      case EVENT_ID.SCALAR:
        if (isKey) {
          const key = getScalarValue(text, event);
          if (event.style === 1 && event.tagStart < 0 && /^(?:~|null|Null|NULL)?$/.test(key))
            return complex(eventOffset(event, text));
          if (FORBIDDEN_KEYS.has(key)) {
            return {
              rule: 'forbidden-key',
              message: `key "${key}" is not allowed`,
              hint: 'prototype keys are refused to keep hostile input from changing object behaviour; rename it',
              offset: eventOffset(event, text),
            };
          }
        }
        if (parent?.mapping) parent.atKey = !parent.atKey;
        break;
      case EVENT_ID.POP: {
        stack.pop();
        const outer = stack[stack.length - 1];
        if (outer?.mapping) outer.atKey = !outer.atKey;
        break;
      }
    }
  }
  return undefined;
}

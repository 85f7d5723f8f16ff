/**
 * Positions of nodes, found only when a diagnostic's place is read (a reporter printing it). The first
 * request re-reads the file's event stream (js-yaml's `parseEvents`, a fraction of a full load) and its
 * line starts; each request then walks only the path asked for, indexing just the collections on it.
 * Commands that only count findings (plan, apply) never get here.
 */
import { CORE_SCHEMA, EVENT_ID, getScalarValue, load, parseEvents, type Event } from 'js-yaml';
import type { SourceLocation } from './diagnostic.js';
import { eventOffset } from './inspect-yaml-tree.js';

export type PathSegment = string | number;
export type Locate = (path: readonly PathSegment[], part?: 'key' | 'value') => SourceLocation;

interface Index {
  events: Event[];
  /** For a collection event: the index just past its closing POP. */
  ends: Int32Array;
  lineStarts: Int32Array;
}

const isCollection = (e: Event | undefined): boolean =>
  e !== undefined && (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE);

/** Plain keys that the core schema reads as other than a string start with one of these. */
const SPECIAL_KEY = /^[-+.0-9~nNtTfF]/;

export function lazyLocate(file: string, text: string, maxDepth: number): Locate {
  let index: Index | undefined;
  const children = new Map<number, number[]>();
  const keys = new Map<number, Map<string, number>>();

  const build = (): Index => {
    const events = parseEvents(text, { maxDepth });
    const ends = new Int32Array(events.length);
    const open: number[] = [];
    events.forEach((e, i) => {
      if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) open.push(i);
      else if (e.type === EVENT_ID.POP) {
        const start = open.pop();
        if (start !== undefined) ends[start] = i + 1;
      }
    });
    const starts = [0];
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return { events, ends, lineStarts: Int32Array.from(starts) };
  };

  const childrenOf = ({ events, ends }: Index, at: number): number[] => {
    let list = children.get(at);
    if (!list) {
      list = [];
      for (let j = at + 1; j < ends[at]! - 1; j = isCollection(events[j]) ? ends[j]! : j + 1) list.push(j);
      children.set(at, list);
    }
    return list;
  };

  const keyIndex = (idx: Index, at: number): Map<string, number> => {
    let map = keys.get(at);
    if (!map) {
      map = new Map();
      const list = childrenOf(idx, at);
      for (let k = 0; k + 1 < list.length; k += 2) {
        const event = idx.events[list[k]!]!;
        if (event.type !== EVENT_ID.SCALAR) continue;
        let key = getScalarValue(text, event);
        if (event.style === 1 && SPECIAL_KEY.test(key)) key = String(load(key, { schema: CORE_SCHEMA }));
        map.set(key, k);
      }
      keys.set(at, map);
    }
    return map;
  };

  const position = ({ lineStarts }: Index, offset: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  const endOffset = ({ events, ends }: Index, at: number): number | undefined => {
    const event = events[at]!;
    if (event.type === EVENT_ID.SCALAR)
      return event.valueEnd + (event.style === 2 || event.style === 3 ? 1 : 0);
    if (event.type === EVENT_ID.ALIAS) return event.anchorEnd;
    if (!isCollection(event) || !('style' in event) || event.style !== 2) return undefined;
    // A flow collection ends at its closing bracket, after its last scalar.
    let last = eventOffset(event, text);
    for (let j = at + 1; j < ends[at]!; j++) {
      const inner = events[j]!;
      if (inner.type === EVENT_ID.SCALAR) last = Math.max(last, inner.valueEnd);
      else if (inner.type === EVENT_ID.ALIAS) last = Math.max(last, inner.anchorEnd);
    }
    const close = text.indexOf(event.type === EVENT_ID.MAPPING ? '}' : ']', last);
    return close < 0 ? undefined : close + 1;
  };

  return (path, part = 'value') => {
    index ??= build();
    const { events } = index;
    let node = events.length > 1 && events[1]!.type !== EVENT_ID.POP ? 1 : -1;
    let keyNode = -1;
    for (const segment of path) {
      if (node < 0) break;
      const event = events[node]!;
      if (event.type === EVENT_ID.MAPPING) {
        const k = keyIndex(index, node).get(String(segment));
        if (k === undefined) break;
        const list = childrenOf(index, node);
        keyNode = list[k]!;
        node = list[k + 1]!;
      } else if (event.type === EVENT_ID.SEQUENCE && typeof segment === 'number') {
        const item = childrenOf(index, node)[segment];
        if (item === undefined) break;
        node = item;
        keyNode = -1;
      } else break;
    }
    const target = part === 'key' && keyNode >= 0 ? keyNode : node;
    if (target < 0) return { file, line: 1, column: 1 };
    const start = position(index, eventOffset(events[target]!, text));
    const end = endOffset(index, target);
    if (end === undefined) return { file, ...start };
    const stop = position(index, end);
    return { file, ...start, endLine: stop.line, endColumn: stop.column };
  };
}

/**
 * Checks a parsed YAML tree before it becomes plain values: nesting depth, key kinds, prototype keys,
 * and what aliases would expand to (recursive aliases, "billion laughs" bombs, nesting hidden behind
 * aliases). Linear in the size of the tree: every anchored node is measured once.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

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

class Abort extends Error {}

export function inspectYamlTree(doc: Document.Parsed, limits: TreeLimits): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const measured = new Map<unknown, Size>();
  const open = new Set<unknown>();
  let added = 0;

  const stop = (problem: Omit<TreeProblem, 'offset'>, node: unknown): never => {
    problems.push({ ...problem, offset: start(node) });
    throw new Abort();
  };
  const tooDeep = (node: unknown, viaAlias: boolean): never =>
    stop(
      {
        rule: 'yaml-too-deep',
        message: `nesting is deeper than ${limits.maxDepth} levels${viaAlias ? ' once this alias is expanded' : ''}`,
        hint: 'flatten the structure; label expressions rarely need more than a few levels',
      },
      node,
    );

  const measure = (node: unknown, depth: number): Size => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return { nodes: 1, height: 0 };
      if (open.has(target)) {
        stop(
          {
            rule: 'yaml-recursive-alias',
            message: `alias *${node.source} refers to a node that contains it`,
            hint: 'a config cannot contain itself; write the content out instead',
          },
          node,
        );
      }
      const size = measured.get(target) ?? { nodes: 1, height: 0 };
      added += size.nodes - 1;
      if (added > limits.maxAliasExpansion) {
        stop(
          {
            rule: 'yaml-alias-limit',
            message: `aliases expand to more than ${limits.maxAliasExpansion} extra nodes (a YAML "billion laughs" attack?)`,
            hint: 'write the content out instead of nesting aliases inside anchors',
          },
          node,
        );
      }
      if (depth - 1 + size.height > limits.maxDepth) tooDeep(node, true);
      return size;
    }
    if (!isMap(node) && !isSeq(node)) return { nodes: 1, height: 0 };
    if (depth > limits.maxDepth) tooDeep(node, false);
    open.add(node);
    const size: Size = { nodes: 1, height: 1 };
    const add = (child: Size): void => {
      size.nodes += child.nodes;
      size.height = Math.max(size.height, child.height + 1);
    };
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        checkKey(pair.key, problems);
        add(measure(pair.value, depth + 1));
      }
    } else {
      for (const item of node.items) add(measure(item, depth + 1));
    }
    open.delete(node);
    measured.set(node, size);
    return size;
  };

  try {
    measure(doc.contents, 1);
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
  }
  return problems;
}

function checkKey(keyNode: unknown, problems: TreeProblem[]): void {
  const key: unknown = isScalar(keyNode) ? keyNode.value : keyNode;
  if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
    problems.push({
      rule: 'forbidden-key',
      message: `key "${key}" is not allowed`,
      hint: 'prototype keys are refused to keep hostile input from changing object behaviour; rename it',
      offset: start(keyNode),
    });
  } else if (key !== null && typeof key === 'object') {
    problems.push({
      rule: 'yaml-complex-key',
      message: 'mapping keys must be plain strings',
      hint: 'use a string key',
      offset: start(keyNode),
    });
  }
}

function start(node: unknown): number {
  return (node as YamlNode | undefined)?.range?.[0] ?? 0;
}

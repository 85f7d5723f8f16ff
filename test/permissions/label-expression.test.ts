import { describe, expect, it } from 'vitest';
import {
  evaluateLabels,
  isSatisfiable,
  labelsImply,
  labelCondition,
  labelTerms,
  witnessLabels,
} from '../../src/permissions/label-expression.js';
import type { LabelExpr } from '../../src/permissions/types.js';

const l = (label: string): LabelExpr => ({ label });
const any = (...of: LabelExpr[]): LabelExpr => ({ op: 'OR', of });
const all = (...of: LabelExpr[]): LabelExpr => ({ op: 'AND', of });

const SEED = any(l('vip'), all(l('enterprise'), l('advanced')));

describe('label expressions', () => {
  it('evaluates nested AND/OR over a set of labels', () => {
    expect(evaluateLabels(SEED, new Set(['vip']))).toBe(true);
    expect(evaluateLabels(SEED, new Set(['enterprise']))).toBe(false);
    expect(evaluateLabels(SEED, new Set(['enterprise', 'advanced', 'other']))).toBe(true);
  });

  it('expands into minimal label sets, dropping supersets', () => {
    expect(labelTerms(SEED)).toEqual([['vip'], ['advanced', 'enterprise']]);
    expect(labelTerms(all(any(l('a'), l('b')), any(l('a'), l('c'))))).toEqual([['a'], ['b', 'c']]);
    expect(labelTerms(any(l('a'), all(l('a'), l('b'))))).toEqual([['a']]);
  });

  it('reads empty groups and invalid parts as never holding', () => {
    expect(labelTerms(any())).toEqual([]);
    expect(labelTerms(all())).toEqual([]);
    expect(isSatisfiable(all(l('a'), any()))).toBe(false);
    expect(isSatisfiable(any(any(), l('a')))).toBe(true);
    expect(isSatisfiable({ invalid: 'x' })).toBe(false);
    expect(witnessLabels(all(l('a'), any()))).toBeUndefined();
  });

  it('gives a witness that satisfies the expression', () => {
    const expr = all(any(l('x'), l('y')), l('z'));
    const witness = witnessLabels(expr);
    expect(witness).toEqual(['x', 'z']);
    expect(evaluateLabels(expr, new Set(witness))).toBe(true);
  });

  it('gives up expanding past the bound rather than blowing up', () => {
    const wide = all(...Array.from({ length: 11 }, (_, i) => any(l(`a${i}`), l(`b${i}`))));
    expect(labelTerms(wide)).toBeUndefined();
    expect(labelTerms(all(...Array.from({ length: 8 }, (_, i) => any(l(`a${i}`), l(`b${i}`)))))).toHaveLength(
      256,
    );
  });

  it('compares conditions by implication', () => {
    const vip = labelCondition(l('vip'));
    expect(labelsImply(vip, labelCondition(SEED))).toBe(true);
    expect(labelsImply(labelCondition(SEED), vip)).toBe(false);
    expect(labelsImply(labelCondition(all(l('enterprise'), l('advanced'), l('vip'))), vip)).toBe(true);
    // No condition admits every set, including the empty one.
    expect(labelsImply(undefined, vip)).toBe(false);
    expect(labelsImply(vip, undefined)).toBe(true);
  });
});

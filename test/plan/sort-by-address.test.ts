/** sortByAddress: the same order as a stable sort by address, whatever the addresses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByAddress } from '../../src/plan/plan-changes.js';
import type { Change } from '../../src/plan/types.js';

const part = fc.string({ unit: fc.constantFrom('a', 'b', '-', '/', '.', 'é', 'Z', '0'), maxLength: 6 });

describe('sortByAddress', () => {
  it('orders as a stable sort by address, already-sorted groups or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(part, part, fc.boolean()), { maxLength: 60 }),
        fc.boolean(),
        (pairs, presort) => {
          // Some addresses are a part alone, which may begin others (`ab` and `ab/x`, `a` and `ab/x`).
          const changes = pairs.map(([alias, id, whole], n) => ({
            address: whole ? alias : `${alias}/${id}`,
            n,
          }));
          // Some address without any `/` at all, and equal addresses (their order must be kept).
          changes.push({ address: 'ab', n: -1 }, { address: changes[0]?.address ?? 'x', n: -2 });
          if (presort) changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
          const expected = [...changes].sort((a, b) =>
            a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
          );
          const actual = [...changes] as unknown as Change[];
          sortByAddress(actual);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

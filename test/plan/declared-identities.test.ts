/** DeclaredIdentities: the same answers as a set of identity keys, in order or not, whatever the keys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeclaredIdentities } from '../../src/plan/declared-identities.js';
import { identityKey } from '../../src/resolve/identity.js';

// Inbox ids that differ only in case share an identity; one holds a `/` (never a UUID, kept whole).
const inbox = fc.constantFrom('AB-1', 'ab-1', 'cd-2', 'x/y', '');
const sourceId = fc.string({ unit: fc.constantFrom('a', 'b', '0', '/', 'é', 'Z'), maxLength: 4 });

describe('DeclaredIdentities', () => {
  it('adds and answers as a set of identity keys does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(inbox, sourceId), { maxLength: 40 }),
        fc.boolean(),
        fc.array(fc.tuple(inbox, sourceId), { maxLength: 20 }),
        (pairs, presort, probes) => {
          if (presort) pairs.sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
          const expected = new Set<string>();
          const declared = new DeclaredIdentities();
          for (const [id, source] of pairs) {
            const key = identityKey(id, source);
            const fresh = !expected.has(key);
            expected.add(key);
            expect(declared.add(id, source)).toBe(fresh);
          }
          for (const [id, source] of [...pairs, ...probes]) {
            const key = identityKey(id, source);
            expect(declared.has(key)).toBe(expected.has(key));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('finds a source_id declared twice in an inbox kept in order, and in one out of order', () => {
    const declared = new DeclaredIdentities();
    expect(['a', 'b', 'c'].map((s) => declared.add('IN', s))).toEqual([true, true, true]);
    expect(declared.add('in', 'b')).toBe(false);
    expect(declared.add('in', 'a0')).toBe(true);
    expect(declared.add('IN', 'a0')).toBe(false);
    expect(declared.has('in/c')).toBe(true);
    expect(declared.has('in/d')).toBe(false);
    expect(declared.has('IN/c')).toBe(false);
  });
});

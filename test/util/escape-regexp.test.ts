import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeRegExp } from '../../src/util/escape-regexp.js';

/** Text of syntax characters and others, a code point at a time (surrogates alone too). */
const text = fc
  .array(
    fc.oneof(fc.constantFrom(...('.*+?^$' + '{}()|[]\\/-')), fc.string({ unit: 'binary', maxLength: 2 })),
  )
  .map((parts) => parts.join(''));

describe('escapeRegExp', () => {
  it('makes a pattern that matches exactly the text, with or without the u flag', () => {
    fc.assert(
      fc.property(text, text, (given, other) => {
        for (const flags of ['', 'u']) {
          const pattern = new RegExp(`^${escapeRegExp(given)}$`, flags);
          expect(pattern.test(given)).toBe(true);
          expect(pattern.test(other)).toBe(other === given);
        }
      }),
    );
  });

  it('escapes every syntax character', () => {
    expect(escapeRegExp('a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q')).toBe(
      'a\\.b\\*c\\+d\\?e\\^f\\$g\\{h\\}i\\(j\\)k\\|l\\[m\\]n\\\\o/p-q',
    );
  });
});

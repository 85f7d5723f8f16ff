/** The one case converter: the client's reads and the emulator's imitation of the API agree with the API's library. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { camelize, camelizeDeep, snakeCase, snakeKeysDeep } from '../../src/util/key-case.js';

/** djangorestframework-camel-case's `camel_to_underscore`: `_` before each word start, then lower case. */
const library = (key: string): string =>
  key.replace(/((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g, '_$1').toLowerCase();

const asciiKey = fc.string({ unit: fc.constantFrom(...'aAbBzZ09'), minLength: 1, maxLength: 12 });

describe('the case converter', () => {
  it('underscoreizes as the API library does, for any ASCII letters and digits', () => {
    fc.assert(
      fc.property(asciiKey, (key) => snakeCase(key) === library(key)),
      { numRuns: 2000 },
    );
    expect(snakeCase('HTTPResponseCode')).toBe('http_response_code');
  });

  it('takes a camelized snake_case key of words of two letters or more back to itself', () => {
    const snake = fc.stringMatching(/^[a-z]{2,6}(_[a-z]{2,6}){0,3}$/);
    fc.assert(
      fc.property(snake, (key) => snakeCase(camelize(key)) === key),
      { numRuns: 1000 },
    );
  });

  it('converts keys at every depth, both ways, keeping "__proto__" a plain key when reading', () => {
    const body: unknown = JSON.parse(
      '{"queryMetadata":{"knowledgeBases":[{"hasUserSelectedAll":"True"}],"__proto__":1}}',
    );
    const snake = snakeKeysDeep(body) as Record<string, Record<string, unknown>>;
    expect(snake).toEqual(
      JSON.parse('{"query_metadata":{"knowledge_bases":[{"has_user_selected_all":"True"}],"__proto__":1}}'),
    );
    expect(Object.getPrototypeOf(snake.query_metadata)).toBe(Object.prototype);
    expect(
      camelizeDeep({ query_metadata: { knowledge_bases: [{ has_user_selected_all: 'True' }] } }),
    ).toEqual({
      queryMetadata: { knowledgeBases: [{ hasUserSelectedAll: 'True' }] },
    });
  });
});

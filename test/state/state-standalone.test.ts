/**
 * The state validators the built CLI uses (ajv standalone code, compiled by scripts/build.js) against
 * ajv's compile of schemas/state.schema.json at run time: the same verdict and errors on a state written
 * by the state module and on variants of it that break it in typical ways. `npm test` builds first.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { encodeState } from '../../src/state/state-file.js';
import { stateValidators } from '../../src/state/state-validators.js';
import { entryFromInput } from '../../src/state/entry-index.js';

const STANDALONE = join(import.meta.dirname, '../../dist/state-validators.standalone.js');

const entry = (n: number, tier: string | null) =>
  entryFromInput(
    {
      inbox: '8A2B1C3D-4E5F-6789-ABCD-EF0123456789',
      source_id: `user-${n}`,
      address: `web/user-${n}`,
      contact_id: `c-${n}`,
      tier,
      body: {
        name: `User ${n}`,
        source_id: `user-${n}`,
        inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789',
        query_metadata: { knowledge_bases: [] },
      },
    },
    undefined,
  );

function stateValue(): Record<string, unknown> {
  const entries = new Map([entry(1, 'vip'), entry(2, null)].map((e) => [e.identity, e]));
  return JSON.parse(encodeState({ lineage: 'l-1', serial: 3, entries })) as Record<string, unknown>;
}

function variants(): unknown[] {
  const good = stateValue();
  const contacts = good['contacts'] as Record<string, unknown>[];
  const first = contacts[0] as Record<string, unknown>;
  const withFirst = (change: Record<string, unknown>) => ({
    ...good,
    contacts: [{ ...first, ...change }, ...contacts.slice(1)],
  });
  const without = (key: string) => {
    const copy = { ...first };
    delete copy[key];
    return { ...good, contacts: [copy] };
  };
  return [
    good,
    { ...good, version: 2 },
    { ...good, serial: -1 },
    { ...good, serial: 1.5 },
    { ...good, lineage: '' },
    { ...good, extra: true },
    { ...good, query_metadata: [1] },
    { ...good, contacts: 'none' },
    withFirst({ inbox: 'not-a-uuid' }),
    withFirst({ source_id: '' }),
    withFirst({ digest: 'sha256:xyz' }),
    withFirst({ tier: 3 }),
    withFirst({ body: { name: 'x' } }),
    withFirst({ typo: 1 }),
    without('contact_id'),
    without('created_at'),
    { serial: 1, lineage: 'l', op: 'put', entry: first },
    { serial: 1, lineage: 'l', op: 'rm', inbox: first['inbox'], source_id: 'x' },
    { serial: 1, lineage: 'l', op: 'rm', inbox: first['inbox'] },
    { serial: 1, lineage: 'l', op: 'move', entry: first },
    null,
    'text',
  ];
}

const verdict = (validate: ValidateFunction, value: unknown): unknown => {
  const valid = validate(structuredClone(value));
  const errors = (validate.errors ?? []).map((e) => [e.instancePath, e.keyword, e.schemaPath]);
  return { valid, errors };
};

describe('the build-time (standalone) state validators', () => {
  it('judge a state, journal lines and broken variants exactly as ajv compiling the schema does', async () => {
    const standalone = (await import(pathToFileURL(STANDALONE).href)) as {
      file: ValidateFunction;
      line: ValidateFunction;
    };
    const runtime = stateValidators();
    let invalid = 0;
    for (const value of variants()) {
      for (const kind of ['file', 'line'] as const) {
        const expected = verdict(runtime[kind], value);
        expect(verdict(standalone[kind], value), `${kind}: ${JSON.stringify(value)}`).toEqual(expected);
        if (!(expected as { valid: boolean }).valid) invalid++;
      }
    }
    expect(verdict(runtime.file, stateValue())).toMatchObject({ valid: true });
    expect(invalid).toBeGreaterThan(25);
  });
});

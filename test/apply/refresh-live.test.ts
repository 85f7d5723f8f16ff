/**
 * refreshLive against the emulator over HTTP: the live contacts of one tier share one frozen
 * query_metadata (put in canonical form and written out once), and each body is what the listing said.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { liveBody, refreshLive } from '../../src/apply/refresh-live.js';
import fc from 'fast-check';
import { metadataPool, sameJson } from '../../src/resolve/metadata-pool.js';
import { tempDir } from '../helpers/tmp.js';
import { generatedConfig, startHarness, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const INBOXES = ['8a2b1c3d-4e5f-6789-abcd-ef0123456789', '0b0b0b0b-0000-4000-8000-000000000001'];

describe('refreshLive', () => {
  it('shares one frozen query_metadata per distinct one, each body as listed', async () => {
    harness = await startHarness(tempDir(), generatedConfig(30));
    const applied = await harness.cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    const client = createClient({ baseUrl: harness.emulator.url, apiKey: harness.emulator.apiKey });

    const { live } = await refreshLive(client, INBOXES);
    expect(live.size).toBe(30);
    const distinct = new Set([...live.values()].map((l) => l.body.query_metadata));
    // Three tiers: three objects, each frozen throughout.
    expect(distinct.size).toBe(3);
    for (const metadata of distinct) {
      expect(Object.isFrozen(metadata)).toBe(true);
      expect(Object.isFrozen(metadata.knowledge_bases?.[0])).toBe(true);
    }
    // Each body equals the one made from the listing alone, without sharing.
    for (const inbox of INBOXES) {
      for (const contact of await client.listContacts(inbox)) {
        const identity = `${inbox}/${contact.sourceId}`;
        expect(live.get(identity)?.body).toEqual(liveBody(contact, inbox));
      }
    }
  });
});

describe('metadataPool', () => {
  it('merges objects of the same JSON text only', () => {
    const shared = metadataPool();
    const a = shared({ knowledge_bases: [{ knowledge_base_id: 'k', faq_ids: ['1'] }] });
    expect(shared({ knowledge_bases: [{ knowledge_base_id: 'k', faq_ids: ['1'] }] })).toBe(a);
    // The same meaning in another key order, or another value: kept apart.
    expect(shared({ knowledge_bases: [{ faq_ids: ['1'], knowledge_base_id: 'k' }] })).not.toBe(a);
    expect(shared({ knowledge_bases: [{ knowledge_base_id: 'k', faq_ids: ['2'] }] })).not.toBe(a);
    expect(shared(null)).toBeNull();
    expect(Object.isFrozen(a.knowledge_bases[0]?.faq_ids)).toBe(true);
  });
});

describe('sameJson', () => {
  // Values as JSON.parse makes them: compared by their text, keys in order.
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, 1, -1, 2.5),
      fc.constantFrom('', 'a', 'b', 'A'),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__'), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  it('is true exactly when the JSON texts are the same', () => {
    fc.assert(
      fc.property(json, json, (x, y) => {
        const a: unknown = JSON.parse(JSON.stringify(x));
        const b: unknown = JSON.parse(JSON.stringify(y));
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        expect(sameJson(a, JSON.parse(JSON.stringify(a)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps sharing past the objects it compares by walking', () => {
    const shared = metadataPool();
    const make = (n: number) => ({ knowledge_bases: [{ knowledge_base_id: `kb-${n}`, faq_ids: [] }] });
    const first = Array.from({ length: 40 }, (_, n) => shared(make(n)));
    for (let n = 0; n < 40; n++) expect(shared(make(n))).toBe(first[n]);
    expect(new Set(first).size).toBe(40);
  });
});

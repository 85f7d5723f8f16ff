/**
 * The contact-source contract: every source (YAML contacts, CSV, JSON Lines, a PostgreSQL query) runs
 * these tests. A fixture writes the given contacts in the source's own format and returns the source,
 * with a way to read the text found at a position (for file sources) so that each field's position
 * can be checked against what is written there.
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/config/contacts-config.generated.js';
import type { SourceLocation } from '../../src/config/diagnostic.js';
import type { ContactSource } from '../../src/config/sources/contact-source.js';

export interface SourceFixture {
  source: ContactSource;
  /** The text at a position (from its column to the end of its line), for sources that are files. */
  textAt?: (location: SourceLocation) => string;
  /** The row a position names, for sources without text (a query): 1-based. */
  rowOf?: (location: SourceLocation) => number;
}

export type MakeSource = (contacts: readonly Contact[]) => Promise<SourceFixture>;

export const CONTRACT_CONTACTS: readonly Contact[] = [
  { source_id: 'M-1', name: 'Ada Lovelace', inbox: 'web-chat', tier: 'vip' },
  {
    source_id: 'M-2',
    name: '陳怡君',
    inbox: 'line-oa',
    tier: 'member',
    avatar: 'https://cdn.example.com/a/2.png',
  },
  { source_id: 'M-3', name: 'Chen, "Mei" Ling', inbox: 'web-chat', tier: 'member' },
  { source_id: 'M-4', name: 'Two\nlines', inbox: 'web-chat' },
  { source_id: 'M-5', name: 'After the break', inbox: 'line-oa', tier: 'visitor' },
];

const FIELDS = ['source_id', 'name', 'avatar', 'inbox', 'tier'] as const;

export function describeContactSource(kind: string, make: MakeSource): void {
  describe(`contact source contract: ${kind}`, () => {
    it('yields every declared contact, in order, field for field, with no problems', async () => {
      const { source } = await make(CONTRACT_CONTACTS);
      const read = await source.read();
      expect(read.diagnostics).toEqual([]);
      expect(read.set?.contacts).toEqual(CONTRACT_CONTACTS);
      expect(read.set?.origin).toBe(source.origin);
    });

    it('places every field of every contact where its value is written', async () => {
      const fixture = await make(CONTRACT_CONTACTS);
      const set = (await fixture.source.read()).set!;
      for (const [index, contact] of CONTRACT_CONTACTS.entries()) {
        for (const field of FIELDS) {
          const value = contact[field];
          if (value === undefined) continue;
          const location = set.locate(index, field);
          expect(location.file, `${index}.${field}`).toBe(set.origin);
          if (fixture.textAt) {
            const text = fixture.textAt(location);
            const first = value.split('\n')[0]!;
            // CSV quotes and JSON strings escape quotes: compare what the value starts with.
            const head = first.split('"')[0]!;
            expect(
              text.replace(/^[\s"]*/, '').startsWith(head),
              `${index}.${field} at ${JSON.stringify(location)}: ${text}`,
            ).toBe(true);
          }
          if (fixture.rowOf) expect(fixture.rowOf(location), `${index}.${field}`).toBe(index + 1);
        }
      }
    });

    it('places rows after one with a line break on their own lines', async () => {
      const fixture = await make(CONTRACT_CONTACTS);
      const set = (await fixture.source.read()).set!;
      const before = set.locate(3, 'source_id');
      const after = set.locate(4, 'source_id');
      expect(after.line).toBeGreaterThan(before.line);
    });

    it('an empty source yields no contacts and no problems', async () => {
      const { source } = await make([]);
      const read = await source.read();
      expect(read.set?.contacts ?? []).toEqual([]);
      expect(
        read.diagnostics.filter((d) => d.severity === 'error' && d.rule !== 'roster-missing-column'),
      ).toEqual([]);
    });

    it('reads the same contacts twice', async () => {
      const { source } = await make(CONTRACT_CONTACTS);
      const first = await source.read();
      const second = await source.read();
      expect(second.set?.contacts).toEqual(first.set?.contacts);
    });
  });
}

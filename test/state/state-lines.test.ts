/**
 * The state file read line by line (decodeStateLines) against the whole-text decode (decodeState): the
 * same entries for every file the state module writes, undefined (so the whole text is decoded) for any
 * other layout, and the same refusal of a broken entry. openState reads both layouts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openState } from '../../src/state/open-state.js';
import { entryFromInput } from '../../src/state/entry-index.js';
import { decodeState, decodeStateLines, encodeState } from '../../src/state/state-file.js';
import type { StateEntry } from '../../src/state/types.js';
import { tempDir } from '../helpers/tmp.js';

const TIERS = [{ knowledge_bases: [] }, { label_relations: { operator: 'OR', conditions: [] } }];

function entries(n: number): Map<string, StateEntry> {
  const out = new Map<string, StateEntry>();
  for (let i = 0; i < n; i++) {
    const e = entryFromInput(
      {
        inbox: i % 2 ? '8A2B1C3D-4E5F-6789-ABCD-EF0123456789' : '0b0b0b0b-0000-4000-8000-000000000001',
        source_id: `user-${i}${i % 5 === 0 ? ' "quoted", \u540d' : ''}`,
        address: `web/user-${i}`,
        contact_id: `c-${i}`,
        tier: i % 3 ? 'vip' : null,
        body: {
          name: `User ${i}\n`,
          source_id: `user-${i}`,
          inbox: 'x',
          query_metadata: TIERS[i % 2] as never,
        },
      },
      undefined,
    );
    out.set(e.identity, e);
  }
  return out;
}

/** The lines of a text, as the file backend's reader gives them (an async iterable of batches of lines). */
function linesOf(text: string): AsyncIterable<readonly string[]> {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const batches: string[][] = [];
  for (let i = 0; i < lines.length; i += 3) batches.push(lines.slice(i, i + 3));
  return Readable.from(batches) as AsyncIterable<readonly string[]>;
}

const stateText = (n: number) => encodeState({ lineage: 'l-1', serial: n + 1, entries: entries(n) });

describe('decodeStateLines', () => {
  it.each([1, 2, 57])('reads what encodeState writes as decodeState does (%i entries)', async (n) => {
    const text = stateText(n);
    const streamed = await decodeStateLines('s.json', linesOf(text));
    expect(streamed).toEqual(decodeState('s.json', text));
    expect(streamed?.entries.size).toBe(n);
  });

  it.each([
    ['indented otherwise', (t: string) => JSON.stringify(JSON.parse(t), null, 2)],
    ['on one line', (t: string) => JSON.stringify(JSON.parse(t))],
    ['with CRLF line ends', (t: string) => t.replaceAll('\n', '\r\n')],
    ['cut in the middle of an entry', (t: string) => t.slice(0, t.indexOf('user-3') + 4)],
    ['with a comma after the last entry', (t: string) => t.replace(/}\n {2}\]\n}\n$/, '},\n  ]\n}\n')],
    ['with text after the end', (t: string) => `${t}{}\n`],
    ['without entries (`"contacts": []` on one line)', () => stateText(0)],
  ])('leaves a file %s to decodeState', async (_name, change) => {
    expect(await decodeStateLines('s.json', linesOf(change(stateText(5))))).toBeUndefined();
  });

  it('refuses a broken entry with the message decodeState gives', async () => {
    const text = stateText(5).replace(/"digest":"sha256:[0-9a-f]+"/, '"digest":"sha256:nope"');
    const whole = (() => {
      try {
        decodeState('s.json', text);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    })();
    expect(whole).toContain('/contacts/0/digest');
    await expect(decodeStateLines('s.json', linesOf(text))).rejects.toThrow(whole);
  });

  it('openState reads a state in either layout, and names the file of one that is not JSON', async () => {
    const dir = tempDir('mai-state-lines-');
    const text = stateText(9);
    for (const [name, body] of [
      ['lines.state.json', text],
      ['whole.state.json', JSON.stringify(JSON.parse(text), null, 2)],
    ] as const) {
      writeFileSync(join(dir, name), body);
      const store = await openState(join(dir, name), { lock: false });
      expect([...store.entries()]).toEqual([...decodeState('x', text).entries.values()]);
    }
    writeFileSync(join(dir, 'cut.state.json'), text.slice(0, 400));
    await expect(openState(join(dir, 'cut.state.json'), { lock: false })).rejects.toThrow(
      /cut\.state\.json is not valid JSON/,
    );
  });
});

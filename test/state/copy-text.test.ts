/**
 * The COPY text reader against PostgreSQL itself: the same values sent by `COPY … TO STDOUT` (read by
 * readCopyText, in pieces split anywhere) and by a plain SELECT (node-postgres's row messages).
 */
import fc from 'fast-check';
import { to as copyTo } from 'pg-copy-streams';
import { describe, expect, it } from 'vitest';
import { readCopyText, type CopyRow } from '../../src/state/postgres/copy-text.js';
import { NO_POSTGRES, POSTGRES, withAdmin } from '../helpers/postgres.js';

/** What readCopyText makes of `bytes` handed over in pieces ending at `cuts`. */
async function readPieces(
  bytes: Buffer,
  cuts: number[],
  columns: number,
  blockBytes?: number,
): Promise<(string | null)[][]> {
  const ends = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  function* pieces(): Generator<Buffer> {
    let from = 0;
    for (const end of [...ends, bytes.length]) {
      yield bytes.subarray(from, end);
      from = end;
    }
  }
  const rows: (string | null)[][] = [];
  let blocks = 0;
  await readCopyText(
    pieces(),
    columns,
    (row: CopyRow) => rows.push([...row]),
    () => (blocks += 1),
    (why) => new Error(why),
    blockBytes,
  );
  expect(blocks > 0 || rows.length === 0).toBe(true);
  return rows;
}

const malformed = (text: string, columns: number) =>
  readPieces(Buffer.from(text), [], columns).then(
    () => 'no error',
    (e: unknown) => (e as Error).message,
  );

describe('readCopyText', () => {
  it('refuses a row of too few or too many fields, an escape the server does not write, a last row without a newline', async () => {
    expect(await malformed('a\tb\n', 3)).toMatch(/a row has 2 fields, not 3/);
    expect(await malformed('a\\\\\tb\tc\n', 2)).toMatch(/more than 2 fields/);
    expect(await malformed('a\tb\tc\n', 2)).toMatch(/more than 2 fields/); // no escape in the row
    expect(await malformed('a\t\n\tb\t\n', 2)).toMatch(/more than 2 fields/);
    expect(await malformed('a\\x41\tb\n', 2)).toMatch(/the escape "\\\\x"/);
    expect(await malformed('a\tb\nc\td', 2)).toMatch(/does not end in a newline/);
    expect(await malformed('a\tb\n', 2)).toBe('no error');
  });
});

describe('readCopyText, a row refused', () => {
  it('takes the rest of the COPY, then throws what the row threw', async () => {
    const taken: number[] = [];
    function* pieces(): Generator<Buffer> {
      for (let i = 0; i < 5; i++) {
        taken.push(i);
        yield Buffer.from(`${i}\ta\n`);
      }
    }
    const refused = new Error('refused');
    const rows: string[] = [];
    const error = await readCopyText(
      pieces(),
      2,
      (row) => {
        rows.push(row[0] as string);
        if (row[0] === '1') throw refused;
      },
      () => undefined,
      (why) => new Error(why),
      1,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe(refused);
    expect(rows).toEqual(['0', '1']); // no row after the refused one is handed over
    expect(taken).toEqual([0, 1, 2, 3, 4]); // every piece was taken
  });
});

describe.skipIf(NO_POSTGRES)('readCopyText against PostgreSQL', () => {
  process.env['PGPASSWORD'] = POSTGRES.password;
  // Text as PostgreSQL stores it: any code point but NUL, the COPY format's own characters often.
  const char = fc.oneof(
    fc.constantFrom('\t', '\n', '\r', '\\', 'N', '\b', '\f', '\v', '.', 'é', '名', '😀', '\u2028'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
  );
  const text = fc.string({ unit: char, maxLength: 10 });
  const value = fc.option(text, { freq: 4 });

  it('reads the rows a plain SELECT reads, however the bytes are split and the blocks cut', async () => {
    await withAdmin(async (db) => {
      await db.query('CREATE TEMP TABLE copy_text (n int, a text, b text, c text)');
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(value, value, value), { maxLength: 8 }),
          fc.array(fc.nat(), { maxLength: 12 }),
          fc.integer({ min: 1, max: 64 }),
          async (rows, cuts, blockBytes) => {
            await db.query('TRUNCATE copy_text');
            for (const [n, [a, b, c]] of rows.entries())
              await db.query('INSERT INTO copy_text VALUES ($1, $2, $3, $4)', [n, a, b, c]);
            const selected = await db.query<unknown[]>({
              text: 'SELECT n::text, a, b, c FROM copy_text ORDER BY n',
              rowMode: 'array',
            });
            const chunks: Buffer[] = [];
            for await (const chunk of db.query(
              copyTo('COPY (SELECT n, a, b, c FROM copy_text ORDER BY n) TO STDOUT'),
            ) as AsyncIterable<Buffer>)
              chunks.push(chunk);
            expect(await readPieces(Buffer.concat(chunks), cuts, 4, blockBytes)).toEqual(selected.rows);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});

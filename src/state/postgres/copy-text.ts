/**
 * The rows of a `COPY (…) TO STDOUT` in PostgreSQL's text format, as they stream in: a line a row (each
 * ending in a newline), its fields split by tabs, `\N` for NULL, and in a field the backslash escapes
 * the server writes (`\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`). The format:
 * https://www.postgresql.org/docs/current/sql-copy.html ("Text Format").
 *
 * Read this way, a million rows cost a string per block of rows and a slice per field; node-postgres's
 * row messages cost a Buffer decode per field and an array per row, some twice the client's time.
 */

/** A row's fields, in a list reused from row to row (copy what is kept). */
export type CopyRow = readonly (string | null)[];

/**
 * Reads the COPY's `chunks` (as pg-copy-streams gives them: CopyData payloads, split anywhere) and
 * calls `onRow` for each row of `columns` fields, then `onBlock` after each block of rows (some
 * `blockBytes` or more, and whole lines, but the last). A row whose fields are not `columns` in number,
 * or a field with an escape the server does not write, is an error (`malformed`, given what is wrong). A
 * newline byte is never inside a UTF-8 sequence, so a block of whole lines decodes alone.
 */
export async function readCopyText(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  columns: number,
  onRow: (fields: CopyRow) => void,
  onBlock: () => void,
  malformed: (why: string) => Error,
  blockBytes = BLOCK,
): Promise<void> {
  const fields: (string | null)[] = new Array<string | null>(columns).fill(null);
  let pending: Buffer[] = [];
  let size = 0;
  const block = (end: boolean): void => {
    const joined = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, size);
    const last = joined.lastIndexOf(NEWLINE);
    if (end && last !== joined.length - 1) throw malformed('the last row does not end in a newline');
    if (last === -1) return;
    eachRow(joined.toString('utf8', 0, last + 1), fields, onRow, malformed);
    pending = last + 1 < joined.length ? [joined.subarray(last + 1)] : [];
    size = joined.length - last - 1;
    onBlock();
  };
  // A row refused (`onRow` threw) ends the reading, not the COPY: the rest is taken and dropped, so that
  // the connection is left between statements (one given up mid-COPY would never close), then the error
  // is thrown.
  let refused: { error: unknown } | undefined;
  for await (const chunk of chunks) {
    if (refused) continue;
    pending.push(chunk);
    size += chunk.length;
    // Rows go through in blocks of some size, however small the pieces the socket hands over.
    try {
      if (size >= blockBytes) block(false);
    } catch (error) {
      refused = { error };
    }
  }
  if (refused) throw refused.error;
  if (size > 0) block(true);
}

/** The bytes of rows decoded at a time (at least): a string below V8's large-object size, so young. */
const BLOCK = 1 << 16;

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

/** Each row of `text` (whole lines) into `fields`, then `onRow`. */
function eachRow(
  text: string,
  fields: (string | null)[],
  onRow: (fields: CopyRow) => void,
  malformed: (why: string) => Error,
): void {
  const last = fields.length - 1;
  // The next backslash at or after `at`, found once per backslash, not once per row.
  let backslash = text.indexOf('\\');
  for (let at = 0; at < text.length;) {
    const eol = text.indexOf('\n', at);
    const escaped = backslash !== -1 && backslash < eol;
    let start = at;
    for (let i = 0; i < last; i++) {
      const tab = text.indexOf('\t', start);
      if (tab === -1 || tab > eol) throw malformed(`a row has ${i + 1} fields, not ${fields.length}`);
      fields[i] = escaped ? field(text, start, tab, malformed) : text.slice(start, tab);
      start = tab + 1;
    }
    // A tab in the last field (looked for back from the line's end, over that field only): more fields.
    if (text.lastIndexOf('\t', eol - 1) >= start)
      throw malformed(`a row has more than ${fields.length} fields`);
    fields[last] = escaped ? field(text, start, eol, malformed) : text.slice(start, eol);
    if (escaped) backslash = text.indexOf('\\', eol);
    onRow(fields);
    at = eol + 1;
  }
}

/** The field text[start, end) of a line with a backslash: NULL, or its text with the escapes undone. */
function field(text: string, start: number, end: number, malformed: (why: string) => Error): string | null {
  if (end - start === 2 && text.charCodeAt(start) === BACKSLASH && text.charCodeAt(start + 1) === 0x4e)
    return null;
  // Looked for within the field only: indexOf would run on to the block's next backslash, field by field.
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    out += text.slice(from, i);
    const escape = ESCAPES[text.charAt(i + 1)];
    if (i + 1 >= end || escape === undefined)
      throw malformed(`a field holds the escape ${JSON.stringify(text.slice(i, i + 2))}`);
    out += escape;
    i += 1;
    from = i + 1;
  }
  return out + text.slice(from, end);
}

/** What each escape the server writes in a field stands for (CopyAttributeOutText). */
const ESCAPES: Readonly<Record<string, string>> = {
  __proto__: null as never,
  '\\': '\\',
  t: '\t',
  n: '\n',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
};

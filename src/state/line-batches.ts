/**
 * The lines of a file (without their line feeds), read from its start in 1 MiB pieces: a batch a
 * piece. A piece of ASCII (the usual state file) is taken as it is, without UTF-8 decoding; a line
 * that runs on into the next piece is joined with its rest alone, not the piece with what is left.
 * `readAt(buffer, position)` fills the buffer from that byte of the file and says how many bytes it read.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

export async function* lineBatches(
  readAt: (buffer: Buffer, position: number) => Promise<number>,
): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let carry = '';
  let position = 0;
  for (;;) {
    const bytesRead = await readAt(buffer, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const piece = buffer.subarray(0, bytesRead);
    // A piece of ASCII cannot continue a character the last piece began: that one is ended first.
    const text = isAscii(piece) ? decoder.end() + piece.toString('latin1') : decoder.write(piece);
    const lines: string[] = [];
    let from = 0;
    let at = text.indexOf('\n');
    if (at >= 0 && carry !== '') {
      lines.push(carry + text.slice(0, at));
      carry = '';
      from = at + 1;
      at = text.indexOf('\n', from);
    }
    for (; at >= 0; at = text.indexOf('\n', from)) {
      lines.push(text.slice(from, at));
      from = at + 1;
    }
    carry += text.slice(from);
    yield lines;
  }
  carry += decoder.end();
  if (carry !== '') yield [carry];
}

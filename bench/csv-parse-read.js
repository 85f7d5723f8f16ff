// The baseline of the roster rows: csv-parse alone streaming the file and taking every record (as
// arrays), as a reader would, in its own process (node start, module load, reading), so that both sides
// of the ratio pay the same process costs. Usage: node bench/csv-parse-read.js FILE
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const [file] = process.argv.slice(2);
let records = 0;
for await (const record of createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse({ bom: true }))) {
  if (record) records++;
}
if (records === 0) process.exitCode = 1;

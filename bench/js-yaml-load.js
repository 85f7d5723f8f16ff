// The baseline of the plan rows: js-yaml's `load` of the same file(s), as its own process (node start,
// reading and loading the files), so that both sides of the ratio pay the same process costs.
// Usage: node bench/js-yaml-load.js FILE_OR_DIR
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const [target] = process.argv.slice(2);
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((n) => n.endsWith('.yaml'))
      .sort()
      .map((n) => join(target, n))
  : [target];
let contacts = 0;
for (const file of files) contacts += load(readFileSync(file, 'utf8'))?.contacts?.length ?? 0;
if (contacts === 0) process.exitCode = 1;

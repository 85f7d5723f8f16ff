#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it with Liftoff, its baseline
// compiler, then a second time with TurboFan in the background as soon as it runs: 0.1-0.15 s of CPU in
// every run that sends a request, more than parsing all the responses of a 2,000-change apply costs.
// Liftoff's code is quick enough for what the parser does here (headers; a body is handed over whole).
setFlagsFromString('--liftoff-only');
// Stack traces of --debug name the source files (dist/cli/main.js.map); other runs skip the maps.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await import('../dist/cli/main.js');

#!/usr/bin/env node
// Stack traces of --debug name the source files (dist/cli/main.js.map); other runs skip the maps.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await import('../dist/cli/main.js');

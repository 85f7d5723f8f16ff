/**
 * Import resolver for the boundary rule: NodeNext imports name `./x.js`, the file on disk is `./x.ts`.
 * (Interface v2 of eslint-module-utils; loaded by path from eslint.config.js.)
 */
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules, createRequire } = require('node:module');

exports.interfaceVersion = 2;

exports.resolve = function resolve(source, file) {
  if (source.startsWith('node:') || builtinModules.includes(source)) return { found: true, path: null };
  if (source.startsWith('.')) {
    const target = path.resolve(path.dirname(file), source);
    const ts = target.replace(/\.js$/, '.ts');
    if (ts !== target && fs.existsSync(ts)) return { found: true, path: ts };
    return fs.existsSync(target) ? { found: true, path: target } : { found: false };
  }
  try {
    return { found: true, path: createRequire(file).resolve(source) };
  } catch {
    return { found: false };
  }
};

// `npm run build`: the built CLI, in about a second (types are checked by `npm run typecheck`).
//
// 1. Every module of src/ transpiled to dist/ (the bench and a few tests import single modules).
// 2. The contacts schema compiled by ajv at build time into standalone code
//    (dist/contacts-validator.standalone.js): a run neither loads ajv's compiler nor compiles the schema.
//    The state schema likewise (dist/state-validators.standalone.js, for src/state/state-validators.ts).
// 3. The CLI as one bundle, dist/cli/main.js (what bin/mai-contacts.js loads), with those validators in
//    place of the modules that compile them at run time, and the package version inlined. Its source map names
//    the source files; bin/ turns source maps on for `--debug`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
export const STANDALONE = join(DIST, 'contacts-validator.standalone.js');
export const STATE_STANDALONE = join(DIST, 'state-validators.standalone.js');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** ajv's standalone code for the contacts schema, with the options the runtime compile uses. */
export function contactsStandalone() {
  const ajv = new Ajv2020({
    ...readOptions(),
    code: { source: true, esm: true, formats: _`formats` },
  });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'contacts.schema.json'), 'utf8'));
  const code = standaloneCode(ajv, ajv.compile(schema));
  return `import { fullFormats as formats } from 'ajv-formats/dist/formats.js';\n${code}`;
}

/** ajv's standalone code for the state schema: `file` (a state file), `line` (a journal line), `entry`. */
export function stateStandalone() {
  const ajv = new Ajv2020({
    ...readOptions('state/state-validators.ts', 'STATE_AJV_OPTIONS'),
    code: { source: true, esm: true },
  });
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'state.schema.json'), 'utf8'));
  ajv.addSchema(schema);
  return standaloneCode(ajv, {
    file: schema.$id,
    line: `${schema.$id}#/$defs/journalLine`,
    entry: `${schema.$id}#/$defs/storedEntry`,
  });
}

/** An options literal (`NAME = { … }`) of a source file, read from the source (one definition). */
function readOptions(file = 'config/contacts-validator.ts', name = 'CONTACTS_AJV_OPTIONS') {
  const text = readFileSync(join(ROOT, 'src', file), 'utf8');
  const literal = new RegExp(`${name} = (\\{[^}]*\\})`).exec(text)?.[1];
  if (!literal) throw new Error(`${name} not found in src/${file}`);
  return JSON.parse(literal.replace(/(\w+):/g, '"$1":'));
}

const common = { platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning' };

export async function buildAll() {
  await build({
    ...common,
    entryPoints: sources(join(ROOT, 'src')),
    outdir: DIST,
    outbase: join(ROOT, 'src'),
  });
  writeFileSync(STANDALONE, contactsStandalone());
  writeFileSync(STATE_STANDALONE, stateStandalone());

  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const inline = {
    name: 'inline',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
        contents: `export const TOOL_VERSION = ${JSON.stringify(version)};`,
        loader: 'ts',
      }));
      b.onLoad({ filter: /[\\/]src[\\/]config[\\/]contacts-validator\.ts$/ }, () => ({
        contents: [
          `import validate from ${JSON.stringify(`./${relative(ROOT, STANDALONE)}`)};`,
          `export const CONTACTS_SCHEMA_URL = new URL('../../schemas/contacts.schema.json', import.meta.url);`,
          'export const contactsValidator = () => validate;',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'js',
      }));
      // pg (lib/stream.js) asks when it loads whether it runs on Cloudflare Workers by constructing a
      // `Response`, which makes Node 20 load its own copy of undici with fetch and WebSocket: some 30 ms
      // of every run that opens a PostgreSQL state or roster. The CLI runs on Node alone, where the
      // answer is no; test/build/pg-stream.test.ts shows the copy is no longer loaded.
      b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const check = 'function isCloudflareRuntime() {';
        if (!text.includes(check)) throw new Error(`pg's ${args.path} no longer has ${check}: see build.js`);
        return { contents: text.replace(check, `${check}\n  return false;`), loader: 'js' };
      });
      b.onLoad({ filter: /[\\/]src[\\/]state[\\/]state-validators\.ts$/ }, () => ({
        contents: [
          `import { entry, file, line } from ${JSON.stringify(`./${relative(ROOT, STATE_STANDALONE)}`)};`,
          'export const stateValidators = () => ({ entry, file, line });',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'js',
      }));
    },
  };
  // Chunks of an earlier build (their names carry a hash).
  for (const name of readdirSync(join(DIST, 'cli'))) {
    if (/-[A-Z0-9]{8}\.js(\.map)?$/.test(name)) rmSync(join(DIST, 'cli', name));
  }
  await build({
    ...common,
    // The state's reader threads (src/state/state-worker.ts, src/state/postgres/postgres-state-worker.ts)
    // are entries of their own beside main.js.
    entryPoints: {
      main: join(ROOT, 'src', 'cli', 'main.ts'),
      'state-worker': join(ROOT, 'src', 'state', 'state-worker.ts'),
      'postgres-state-worker': join(ROOT, 'src', 'state', 'postgres', 'postgres-state-worker.ts'),
    },
    outdir: join(DIST, 'cli'),
    // Each command is a chunk of its own, loaded when it runs (src/cli/program.ts). Chunks sit beside
    // main.js, two levels below the package root like every module of src/, so that the paths the
    // modules resolve from import.meta.url (../../schemas/…) hold in the bundle too.
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    // pg is loaded only by the PostgreSQL state and roster code, and has optional native parts.
    external: ['pg-native'],
    sourcesContent: false,
    plugins: [inline],
    // CommonJS dependencies in an ES module bundle call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAll();

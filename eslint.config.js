import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ and who may import whom (ARCHITECTURE.md draws the same picture). Data flows
 * load -> validate -> resolve -> plan -> apply -> report; cli sits on top and wires everything.
 * Each entry: the layer a file is in -> the layers it may import. `types` = type-only imports.
 * Every layer may import its own files, `util` (pure leaf helpers) and `core` (errors, version).
 */
const LAYERS = {
  util: { values: [], types: [] },
  core: { values: [], types: ['config'] },
  config: { values: [], types: [] },
  resolve: { values: ['config'], types: [] },
  permissions: { values: ['config', 'resolve'], types: [] },
  validate: { values: ['config', 'resolve', 'permissions'], types: ['api'] },
  state: { values: ['resolve'], types: [] },
  plan: { values: ['config', 'resolve', 'permissions'], types: ['state'] },
  api: { values: [], types: ['resolve'] },
  apply: { values: ['api', 'plan', 'state', 'resolve', 'permissions'], types: ['config'] },
  emulator: { values: [], types: [] },
  fmt: { values: [], types: ['config'] },
  report: { values: ['permissions', 'plan'], types: ['config', 'resolve', 'state', 'validate'] },
  cli: {
    values: ['config', 'validate', 'resolve', 'permissions', 'plan', 'apply', 'state', 'api'],
    types: [],
  },
};
LAYERS.cli.values.push('emulator', 'fmt', 'report');

/**
 * Value imports a layer may make of single files of a layer it otherwise sees only as types (or not
 * at all). `fromFiles` narrows the importing side to some files of its layer.
 */
const FILES = [
  // Reporters format; these are the pure helpers they format with.
  { from: 'report', to: 'config', files: ['diagnostic.ts', 'rule-catalog.ts'] },
  { from: 'report', to: 'validate', files: ['rule-catalog.ts'] },
  { from: 'report', to: 'resolve', files: ['canonical-body.ts'] },
];

const { core, ...folders } = LAYERS;
const corePolicies = [
  { from: { file: { categories: 'core' } }, allow: { to: { element: { types: core.values } } } },
  {
    from: { file: { categories: 'core' } },
    allow: { to: { element: { types: core.types } }, dependency: { kind: 'type' } },
  },
];
const layerPolicies = Object.entries(folders).flatMap(([from, { values, types }]) => [
  {
    from: { element: { type: from } },
    allow: { to: { element: { types: [from, 'util', ...values] } } },
  },
  { from: { element: { type: from } }, allow: { to: { file: { categories: 'core' } } } },
  ...(types.length > 0
    ? [
        {
          from: { element: { type: from } },
          allow: { to: { element: { types } }, dependency: { kind: 'type' } },
        },
      ]
    : []),
]);
const filePolicies = FILES.map(({ from, fromFiles, to, files }) => ({
  from: { element: { type: from, ...(fromFiles ? { fileInternalPath: fromFiles } : {}) } },
  allow: { to: { element: { type: to, fileInternalPath: files } } },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Only src/api/ may call fetch.' }],
      'no-console': 'error',
      // Rules are plain objects whose `check` never uses `this`; passing methods around is the design.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [...Object.keys(folders).map((type) => ({ type, pattern: `src/${type}` }))],
      // The files at the top of src/ (errors.ts, version.ts): a layer of single files.
      'boundaries/files': [{ category: 'core', pattern: 'src/*.ts' }],
      'import/resolver': { './scripts/eslint-resolve-ts.cjs': {} },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [...corePolicies, ...layerPolicies, ...filePolicies],
          message:
            'src/{{#if from.type}}{{from.type}}{{else}}*.ts{{/if}} may not import src/{{to.type}}/{{to.internalPath}} ({{dependency.kind}}): the layers point one way (see LAYERS in eslint.config.js and ARCHITECTURE.md)',
        },
      ],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['src/api/**/*.ts', 'test/**/*.ts', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['src/cli/**/*.ts', 'src/emulator/**/*.ts', 'test/**/*.ts', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node, parserOptions: { projectService: false } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

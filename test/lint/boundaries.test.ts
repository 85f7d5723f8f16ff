/**
 * The layer rule of eslint.config.js, run through ESLint's own API on planted files: an import
 * against the layer direction fails lint, one along it passes.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The repository's config, with only the boundary rules and no type information (they need none). */
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      ...tseslint.configs.disableTypeChecked,
      languageOptions: { parserOptions: { projectService: false } },
    },
  ],
  ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
});

/** The boundary findings for `code` as if it were the file `path` (relative to the repo root). */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId?.startsWith('boundaries/')).map((m) => m.message);
}

describe('the layer rule', () => {
  it.each([
    [
      'src/report/planted.ts',
      "import { sendRequest } from '../api/send-request.js';",
      /src\/report may not import src\/api\/send-request\.ts/,
    ],
    [
      'src/emulator/planted.ts',
      "import { lookupInbox } from '../config/references.js';",
      /src\/emulator may not import src\/config\/references\.ts/,
    ],
    [
      'src/state/planted.ts',
      "import { makePlan } from '../plan/make-plan.js';",
      /src\/state may not import src\/plan\/make-plan\.ts/,
    ],
    [
      'src/api/planted.ts',
      "import type { Diagnostic } from '../config/diagnostic.js';",
      /src\/api may not import src\/config\/diagnostic\.ts \(type\)/,
    ],
    [
      'src/config/planted.ts',
      "import { checkPolicies } from '../permissions/check-policies.js';",
      /src\/config may not import src\/permissions/,
    ],
    [
      'src/plan/planted.ts',
      "import { openState } from '../state/open-state.js';",
      /src\/plan may not import src\/state\/open-state\.ts \(value\)/,
    ],
    [
      'src/resolve/planted.ts',
      "import { ApiError } from '../api/api-error.js';",
      /src\/resolve may not import src\/api/,
    ],
    [
      'src/errors-planted.ts',
      "import { formatLocation } from './config/diagnostic.js';",
      /src\/\*\.ts may not import src\/config\/diagnostic\.ts \(value\)/,
    ],
  ])('fails %s importing against the direction', async (path, line, message) => {
    const errors = await boundaryErrors(path, `${line}\nexport const planted = [${importedName(line)}];\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('passes imports along the direction, and type-only ones where only types may cross', async () => {
    const code = [
      "import type { StateSnapshot } from '../state/types.js';",
      "import { identityKey } from '../resolve/identity.js';",
      "import { PlanError } from '../errors.js';",
      'export type Planted = StateSnapshot;',
      'export const planted = [identityKey, PlanError];',
      '',
    ].join('\n');
    expect(await boundaryErrors('src/plan/planted.ts', code)).toEqual([]);
  });

  it('knows every file under src/ (a new top-level folder needs a place in the layers)', async () => {
    const errors = await boundaryErrors('src/newfolder/planted.ts', 'export const planted = 1;\n');
    expect(errors.join('\n')).toMatch(/does not match any file pattern/);
  });
});

function importedName(line: string): string {
  return /\{ (\w+) \}/.exec(line)?.[1] ?? '';
}

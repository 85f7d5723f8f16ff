/**
 * The hook of .pre-commit-hooks.yaml, run by the real pre-commit (`try-repo`) against a copy of this
 * repository: it passes on a good config and fails on a broken one. pre-commit installs the hook like
 * a user's machine would (npm install, build, npm pack, npm install -g), so this takes a while.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const available = spawnSync('pre-commit', ['--version']).status === 0;
if (!available && process.env['CI']) {
  throw new Error(
    'pre-commit is not installed, and CI is set: .ci/run installs it (apt-get install pre-commit)',
  );
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
}

/** A committed copy of this repository as it is on disk (tracked and new files, not ignored ones). */
async function hookRepository(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'mai-contacts-hook-'));
  const files = git(ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    await mkdir(dirname(join(copy, file)), { recursive: true });
    await copyFile(join(ROOT, file), join(copy, file)).catch(() => undefined); // deleted but still tracked
  }
  await keepBuildDevDependencies(copy);
  git(copy, 'init', '-q');
  git(copy, 'add', '-A');
  git(copy, 'commit', '-qm', 'hook under test');
  return copy;
}

/**
 * pre-commit installs a node hook with every devDependency (npm install --include=dev), for `prepare`
 * (the build). Of those, the copy keeps the ones scripts/build.js imports: the same install, build,
 * pack and global install, without unpacking the test and lint toolchain (most of this test's time).
 */
async function keepBuildDevDependencies(copy: string): Promise<void> {
  const build = await readFile(join(ROOT, 'scripts', 'build.js'), 'utf8');
  const imported = new Set(
    [...build.matchAll(/^import .* from '((?:@[^/']+\/)?[^/.'][^/']*)[^']*';$/gm)].map((m) => m[1]),
  );
  const path = join(copy, 'package.json');
  const pkg = JSON.parse(await readFile(path, 'utf8')) as { devDependencies: Record<string, string> };
  const kept = Object.entries(pkg.devDependencies).filter(([name]) => imported.has(name));
  expect(kept.map(([name]) => name)).toContain('esbuild');
  pkg.devDependencies = Object.fromEntries(kept);
  await writeFile(path, `${JSON.stringify(pkg, null, 2)}\n`);
}

describe.skipIf(!available)(
  'pre-commit hook mai-contacts-validate (skipped: pre-commit is not installed)',
  () => {
    // The install is npm's work (minutes on a loaded 2-core machine): the timeout only catches a hang.
    it('passes on a good config and fails on a broken one', { timeout: 600_000 }, async () => {
      const hooks = await hookRepository();
      const user = await mkdtemp(join(tmpdir(), 'mai-contacts-user-'));
      const home = await mkdtemp(join(tmpdir(), 'mai-contacts-pre-commit-home-'));
      git(user, 'init', '-q');
      const good = await readFile(join(ROOT, 'contacts.yaml'), 'utf8');
      const run = async (config: string) => {
        await writeFile(join(user, 'contacts.yaml'), config);
        git(user, 'add', 'contacts.yaml');
        return spawnSync('pre-commit', ['try-repo', hooks, 'mai-contacts-validate', '--all-files'], {
          cwd: user,
          encoding: 'utf8',
          env: {
            ...process.env,
            PRE_COMMIT_HOME: home,
            NO_COLOR: '1',
            PRE_COMMIT_COLOR: 'never',
            // npm's own network round trips, which the hook's install does not need (the packages
            // come from package-lock.json, through npm's cache when it has them).
            npm_config_audit: 'false',
            npm_config_fund: 'false',
            npm_config_update_notifier: 'false',
            npm_config_prefer_offline: 'true',
          },
        });
      };

      const pass = await run(good);
      expect(pass.status, pass.stdout + pass.stderr).toBe(0);
      expect(pass.stdout).toMatch(/mai-contacts validate\.+Passed/);

      const fail = await run(good.replace('    tier: vip\n', '    tier: vipp\n'));
      expect(fail.status).toBe(1);
      expect(fail.stdout).toMatch(/mai-contacts validate\.+Failed/);
      expect(fail.stdout).toContain('contacts.yaml:49:11 error unknown-tier: unknown tier "vipp"');
    });
  },
);

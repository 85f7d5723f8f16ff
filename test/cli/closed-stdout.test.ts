import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateConfig } from '../../bench/generate-config.js';
import { REPO_ROOT } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';
import { writeFileSync } from 'node:fs';

describe('output to a reader that goes away', () => {
  it('`plan | head` ends quietly: no stack trace, exit 0', async () => {
    const dir = tempDir();
    const config = join(dir, 'contacts.yaml');
    writeFileSync(config, generateConfig(3000));
    const child = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'bin/mai-contacts.js'),
        'plan',
        '-c',
        config,
        '--state',
        join(dir, 's.json'),
        '--no-refresh',
      ],
      { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});

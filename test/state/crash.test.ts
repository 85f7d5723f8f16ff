import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openState } from '../../src/state/open-state.js';
import { REPO_ROOT } from '../helpers/config.js';
import { tempDir } from '../helpers/tmp.js';

const SCRIPT = `
import { openState } from ${JSON.stringify(`${REPO_ROOT}dist/state/open-state.js`)};
const store = await openState(process.argv[1], { lock: true, command: 'crash-test' });
const qm = { knowledge_bases: [] };
for (let i = 0; ; i++) {
  await store.record({ inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789', source_id: 'u' + i, address: 'web/u' + i,
    contact_id: 'c' + i, tier: null, body: { name: 'n', source_id: 'u' + i, inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789', query_metadata: qm } });
  process.stdout.write(i + 1 + '\\n');
  if (i === 300) await store.commit();
}
`;

describe('a writer killed with SIGKILL', () => {
  it('leaves a state that knows every change it had recorded, and a lock the next writer takes over', async () => {
    const path = join(tempDir('mai-contacts-crash-'), 'contacts.state.json');
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let durable = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const last = chunk.toString().trim().split('\n').pop();
        durable = Math.max(durable, Number(last));
        if (durable >= 600) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(durable).toBeGreaterThanOrEqual(600);
    const store = await openState(path, { lock: true });
    expect(store.size).toBeGreaterThanOrEqual(durable);
    expect(store.notices.join('\n')).toContain('stale lock');
    await store.commit();
    await store.close();
    expect((await openState(path, { lock: false })).size).toBe(store.size);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/state/lock.js';
import { applyExample, cliInProcess, exampleDir, runCli } from '../helpers/cli.js';

describe('mai-contacts state', () => {
  it('lists the contacts in state, sorted by address', async () => {
    const dir = exampleDir();
    await applyExample(dir);
    const result = await cliInProcess(['state', 'list'], dir);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^web-chat\/shared-visitor\s+id-shared-visitor\s+visitor\s+2026-01-02T00:00:00.000Z$/,
    );
    expect(lines[3]).toMatch(/^web-chat\/user_234567 /);
  });

  it('shows one entry with its last applied body, and fails on an unknown address', async () => {
    const dir = exampleDir();
    await applyExample(dir);
    const shown = await cliInProcess(['state', 'show', 'web-chat/user_123456'], dir);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      contact_id: 'id-user_123456',
      tier: 'vip',
      body: { name: '王小明', query_metadata: { label_relations: { operator: 'OR' } } },
    });
    const missing = await cliInProcess(['state', 'show', 'web-chat/nobody'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no contact web-chat/nobody in state');
  });

  it('forgets contacts with rm, and plan then creates them again', async () => {
    const dir = exampleDir();
    await applyExample(dir);
    const removed = await cliInProcess(['state', 'rm', 'web-chat/user_234567'], dir);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(
      'Removed web-chat/user_234567 (contact id-user_234567) from state; MaiAgent was not touched.',
    );
    expect((await cliInProcess(['plan'], dir)).stdout).toContain('+ web-chat/user_234567: create');
  });

  it('removes nothing when one of the addresses is unknown', async () => {
    const dir = exampleDir();
    await applyExample(dir);
    const before = readFileSync(join(dir, 'contacts.state.json'), 'utf8');
    const result = await cliInProcess(['state', 'rm', 'web-chat/user_234567', 'web-chat/ghost'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'not in state ./contacts.state.json: web-chat/ghost; nothing was removed',
    );
    expect(readFileSync(join(dir, 'contacts.state.json'), 'utf8')).toBe(before);
  });

  it('fails at once when another process holds the lock, naming it, and changes nothing', async () => {
    const dir = exampleDir();
    await applyExample(dir);
    const before = readFileSync(join(dir, 'contacts.state.json'), 'utf8');
    const lock = await acquireLock(join(dir, 'contacts.state.json.lock'), { command: 'apply' });
    try {
      const result = runCli(['state', 'rm', 'web-chat/user_234567'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Error: state ./contacts.state.json is locked by another mai-contacts');
      expect(result.stderr).toContain(`held by pid ${process.pid} on`);
      expect(result.stderr).toContain('(apply)');
      expect(readFileSync(join(dir, 'contacts.state.json'), 'utf8')).toBe(before);
    } finally {
      await lock.release();
    }
  });
});

describe('mai-contacts output', () => {
  it('prints the contact-ID table as JSON and CSV', async () => {
    const dir = exampleDir();
    await applyExample(dir);
    const json = JSON.parse((await cliInProcess(['output'], dir)).stdout) as Record<string, unknown>[];
    expect(json[0]).toEqual({
      address: 'web-chat/shared-visitor',
      source_id: 'shared-visitor',
      contact_id: 'id-shared-visitor',
      inbox: '8a2b1c3d-4e5f-6789-abcd-ef0123456789',
      tier: 'visitor',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-02T00:00:00.000Z',
    });
    const csv = (await cliInProcess(['output', '--format', 'csv'], dir)).stdout;
    expect(csv.split('\r\n')).toEqual([
      'address,source_id,contact_id,inbox,tier,created_at,updated_at',
      'web-chat/shared-visitor,shared-visitor,id-shared-visitor,8a2b1c3d-4e5f-6789-abcd-ef0123456789,visitor,2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.000Z',
      'web-chat/user_123456,user_123456,id-user_123456,8a2b1c3d-4e5f-6789-abcd-ef0123456789,vip,2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.000Z',
      'web-chat/user_234567,user_234567,id-user_234567,8a2b1c3d-4e5f-6789-abcd-ef0123456789,member,2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.000Z',
      '',
    ]);
  });

  it('prints an empty table, with a note, before anything was applied', async () => {
    const result = await cliInProcess(['output'], exampleDir());
    expect(result.stdout.trim()).toBe('[]');
    expect(result.stderr).toContain('nothing has been applied');
  });
});

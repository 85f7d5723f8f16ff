/**
 * A full disk mid-apply, on a real file system: a small tmpfs when the test runs as root (as here and
 * in CI), else a fault injected in the module that writes state files (MAI_CONTACTS_TEST_DISK_FULL).
 * The disk fills while apply runs against the emulator over real HTTP; afterwards the state opens,
 * the journal is whole lines, and the next run converges: every contact created once, all in state.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileText, generatedConfig, readState, startHarness, type Harness } from '../apply/harness.js';
import { tempDir } from '../helpers/tmp.js';

const COUNT = 48;
let root = '';
let mounted = false;
let harness: Harness | undefined;

beforeAll(() => {
  root = tempDir('mai-contacts-full-disk-');
  if (process.getuid?.() === 0) {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', root]);
    mounted = mount.status === 0;
    if (!mounted)
      console.warn(
        `full-disk test: cannot mount a tmpfs (${mount.stderr.toString()}); injecting ENOSPC instead`,
      );
  } else {
    console.warn('full-disk test: not root, so no tmpfs can be mounted; injecting ENOSPC instead');
  }
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

afterAll(() => {
  if (mounted) spawnSync('umount', [root]);
  rmSync(root, { recursive: true, force: true });
});

/** Fills the file system (or raises the injected fault) and returns how to free it again. */
function fillDisk(dir: string): () => void {
  if (!mounted) {
    const flag = join(root, 'disk-full');
    writeFileSync(flag, '');
    return () => rmSync(flag, { force: true });
  }
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [65536, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          if (writeSync(fd, chunk) < size) break;
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return () => rmSync(filler, { force: true });
}

/** Calls `onCreate(n)` after the emulator stored its n-th contact (before it answers the POST). */
function onCreate(h: Harness, hook: (n: number) => void): void {
  const store = h.emulator.store as unknown as { create: (...args: unknown[]) => unknown };
  const create = store.create.bind(store);
  let n = 0;
  store.create = (...args: unknown[]) => {
    const made = create(...args);
    hook(++n);
    return made;
  };
}

async function setUp(name: string): Promise<Harness> {
  const dir = join(root, name);
  mkdirSync(dir);
  const h = (harness = await startHarness(dir, generatedConfig(COUNT)));
  h.env['MAI_CONTACTS_TEST_DISK_FULL'] = join(root, 'disk-full');
  return h;
}

function expectWholeLines(path: string): void {
  const text = fileText(path);
  expect(text.includes('\u0000')).toBe(false);
  if (text === '') return;
  expect(text.endsWith('\n')).toBe(true);
  const serials = text
    .slice(0, -1)
    .split('\n')
    .map((line) => (JSON.parse(line) as { serial: number }).serial);
  serials.forEach((serial, i) => i > 0 && expect(serial).toBe((serials[i - 1] as number) + 1));
}

async function expectConverged(h: Harness): Promise<void> {
  // The run that fills the disk is the binary; the runs after it are the same program in-process.
  const second = await h.cli(['apply', '--auto-approve', '--parallelism', '4']);
  expect(second.stderr).not.toContain('failed');
  expect(second.code).toBe(0);
  expect(h.emulator.stats.duplicates()).toEqual([]);
  const live = h.emulator.store.contacts();
  expect(live).toHaveLength(COUNT);
  const state = await readState(h.dir);
  expect(state.size).toBe(COUNT);
  for (const c of live) {
    const inbox = c.inboxIds[0] as string;
    expect(h.emulator.stats.createdCount(inbox, c.sourceId)).toBe(1);
    expect(state.get(`${inbox}/${c.sourceId}`)?.contact_id).toBe(c.id);
  }
  const plan = await h.cli(['plan', '--detailed-exitcode']);
  expect(plan.stdout).toContain(`No changes: ${COUNT} contact(s) are up to date.`);
}

describe('a full disk during apply', () => {
  it(
    'fails the records that did not fit, naming the journal, and keeps a journal of whole lines',
    { timeout: 180_000 },
    async () => {
      const h = await setUp('freed-mid-apply');
      let free: (() => void) | undefined;
      onCreate(h, (n) => {
        if (n === 12) free = fillDisk(h.dir);
        if (n === 30) free?.();
      });
      const first = await h.run(['apply', '--auto-approve', '--parallelism', '4']);
      free?.();
      const journal = join(h.dir, 'contacts.state.json.journal');
      expect(first.code).toBe(1);
      expect(first.stdout + first.stderr).toContain(`cannot write ./contacts.state.json.journal: ENOSPC`);
      expectWholeLines(journal);
      await expectConverged(h);
    },
  );

  it(
    'a final save that does not fit names the state file; the next run adopts what landed',
    { timeout: 180_000 },
    async () => {
      const h = await setUp('full-to-the-end');
      let free: (() => void) | undefined;
      // From the 20th create on, once some record has reached the journal (the apply is another
      // process: on a loaded machine its records may trail the creates by many), the disk fills.
      const journal = join(h.dir, 'contacts.state.json.journal');
      onCreate(h, (n) => {
        if (!free && n >= 20 && (statSync(journal, { throwIfNoEntry: false })?.size ?? 0) > 0)
          free = fillDisk(h.dir);
      });
      const first = await h.run(['apply', '--auto-approve', '--parallelism', '4']);
      const statePath = join(h.dir, 'contacts.state.json');
      free?.();
      expectWholeLines(`${statePath}.journal`);
      expect(first.code).toBe(1);
      expect(first.stderr).toContain(`cannot write ./contacts.state.json: ENOSPC`);
      // What was journaled before the disk filled is there; the rest is live only, and gets adopted.
      const recorded = await readState(h.dir);
      expect(recorded.size).toBeGreaterThan(0);
      expect(recorded.size).toBeLessThan(COUNT);
      expect(readFileSync(join(h.dir, 'contacts.yaml'), 'utf8')).toContain('user-0');
      await expectConverged(h);
    },
  );
});

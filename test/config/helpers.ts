import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig } from '../../src/validate/check-config.js';
import type { Diagnostic } from '../../src/config/diagnostic.js';
import { loadConfig } from '../../src/config/load-config.js';

/** Writes files into a fresh temporary directory and returns it. */
export async function tempFiles(contents: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mai-contacts-test-'));
  for (const [name, text] of Object.entries(contents)) await writeFile(join(dir, name), text);
  return dir;
}

/** Validates one YAML text as `contacts.yaml`: every diagnostic, as `rule@line`. */
export async function check(yaml: string): Promise<{ found: string[]; diagnostics: Diagnostic[] }> {
  const dir = await tempFiles({ 'contacts.yaml': yaml });
  const diagnostics = checkConfig(await loadConfig([join(dir, 'contacts.yaml')]));
  return { found: diagnostics.map((d) => `${d.rule}@${d.location?.line ?? '-'}`), diagnostics };
}

/** Saving and reading `plan --out FILE`: the file side of plan/plan-file.ts (which only encodes and decodes). */
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { PlanError } from '../errors.js';
import { parsePlanFile, planFileText, type PlanFile } from '../plan/plan-file.js';
import type { Plan } from '../plan/types.js';
import { writeFileAtomic } from '../state/atomic-write.js';

/**
 * Written atomically: an interrupted save leaves the previous file (or none), never half a plan. A path
 * that is not a regular file (`/dev/stdout`, a pipe) is written to as it is, never renamed over.
 */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && !existing.isFile()) await writeFile(path, planFileText(plan), 'utf8');
  else await writeFileAtomic(path, planFileText(plan));
}

/** A plan that is not saved: the empty file opened for it at start (prepareOutputFile) goes again. */
export async function discardPlanFile(path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile() && existing.size === 0) await unlink(path).catch(() => undefined);
}

export async function readPlanFile(path: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PlanError(`cannot read plan ${path}: ${(error as Error).message}`);
  }
  return parsePlanFile(path, text);
}

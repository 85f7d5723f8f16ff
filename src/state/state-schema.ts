/** The shape check of the state file and of journal lines (schemas/state.schema.json). */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { stateValidators } from './state-validators.js';

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'invalid';
  return `${first.instancePath || '/'} ${first.message ?? 'is invalid'}`;
}

/** undefined when valid, else a short description of the first problem. */
export function stateFileProblem(value: unknown): string | undefined {
  const { file } = stateValidators();
  return file(value) ? undefined : describe(file.errors);
}

export function journalLineProblem(value: unknown): string | undefined {
  const { line } = stateValidators();
  return line(value) ? undefined : describe(line.errors);
}

/** One entry of a state file's `contacts`, as `stateFileProblem` would describe it at `contacts[index]`. */
export function storedEntryProblem(value: unknown, index: number): string | undefined {
  const { entry } = stateValidators();
  if (entry(value)) return undefined;
  const first = entry.errors?.[0];
  return `/contacts/${index}${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`;
}

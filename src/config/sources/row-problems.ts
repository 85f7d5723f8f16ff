/** Row problems of one roster, placed lazily: a position is looked up only for a problem that exists. */
import type { Diagnostic, SourceLocation } from '../diagnostic.js';

export class RowProblems {
  private readonly found: { rule: string; message: string; hint: string; at: () => SourceLocation }[] = [];

  add(problem: { rule: string; message: string; hint: string }, at: () => SourceLocation): void {
    this.found.push({ rule: problem.rule, message: problem.message, hint: problem.hint, at });
  }

  get size(): number {
    return this.found.length;
  }

  diagnostics(): Diagnostic[] {
    return this.found.map((p) => ({
      rule: p.rule,
      severity: 'error',
      message: p.message,
      hint: p.hint,
      location: p.at(),
    }));
  }
}

export function notFound(path: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    rule: 'roster-not-found',
    severity: 'error',
    message:
      code === 'ENOENT'
        ? `roster file ${path} does not exist`
        : `roster file ${path} cannot be read (${code ?? String(error)})`,
    hint: 'check the path of csv: or jsonl: (relative to the config file) and its permissions',
    location: { file: path, line: 1, column: 1 },
  };
}

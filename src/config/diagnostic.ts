/** A problem found in the config: one rule, one place, one message. */
export type Severity = 'error' | 'warning';

export interface SourceLocation {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface Diagnostic {
  /** Stable rule id, e.g. `unknown-tier`, `schema-type`, `yaml-duplicate-key`. */
  rule: string;
  severity: Severity;
  message: string;
  /** How to fix it. */
  hint?: string;
  location?: SourceLocation;
  /** The other place of a finding about two places (the first declaration of a duplicate). */
  also?: SourceLocation;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location?.line ?? 0;
  const lb = b.location?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location?.column ?? 0;
  const cb = b.location?.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  return `${location.file}:${location.line}:${location.column}`;
}

/**
 * Gives `diagnostic` a location found only when it is first read (a reporter printing it, a sort):
 * commands that only count findings never pay for their positions.
 */
export function setLazyLocation(diagnostic: Diagnostic, find: () => SourceLocation | undefined): Diagnostic {
  let found: SourceLocation | undefined;
  let done = false;
  Object.defineProperty(diagnostic, 'location', {
    enumerable: true,
    configurable: true,
    get(): SourceLocation | undefined {
      if (!done) {
        found = find();
        done = true;
      }
      return found;
    },
    set(value: SourceLocation | undefined) {
      found = value;
      done = true;
    },
  });
  return diagnostic;
}

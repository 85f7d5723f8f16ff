/** --target: exact addresses, or every contact of an inbox with `<inbox alias>/*`. */
export interface TargetMatcher {
  match(address: string): boolean;
  /** Targets that matched nothing so far, sorted. */
  unmatched(): string[];
}

export function matchTargets(targets: readonly string[]): TargetMatcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const t of targets) {
    if (t.endsWith('/*')) prefixes.push(t.slice(0, -1));
    else exact.add(t);
  }
  const hit = new Set<string>();
  return {
    match(address) {
      if (exact.has(address)) {
        hit.add(address);
        return true;
      }
      for (const prefix of prefixes) {
        if (address.startsWith(prefix)) {
          hit.add(`${prefix}*`);
          return true;
        }
      }
      return false;
    },
    unmatched: () => [...new Set(targets)].filter((t) => !hit.has(t)).sort(),
  };
}

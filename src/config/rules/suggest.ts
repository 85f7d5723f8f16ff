/** "Did you mean …?" for unknown names: the closest declared name within a small edit distance. */

export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A fix hint for an unknown name: the likely intended one, else what is declared. */
export function unknownHint(name: string, declared: readonly string[], howToDeclare: string): string {
  const guess = closest(name, declared);
  if (guess) return `did you mean "${guess}"?`;
  const list = declared.length > 8 ? `${declared.slice(0, 8).join(', ')} …` : declared.join(', ');
  return declared.length ? `${howToDeclare}; declared: ${list}` : howToDeclare;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Infinity;
}

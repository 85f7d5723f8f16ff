/** A small seeded PRNG (mulberry32): with `--seed N` the emulator's ids and faults repeat run after run. */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** A version-4 UUID drawn from `random`. */
export function randomUuid(random: Random): string {
  const word = (): number => Math.floor(random() * 4294967296);
  const a = hex8(word());
  const b = hex8(word());
  const c = hex8((word() & 0x3fffffff) | 0x80000000);
  const d = hex8(word());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

/** An API key like MaiAgent's (opaque, 40 characters). */
export function randomApiKey(random: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 40 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

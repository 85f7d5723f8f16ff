import { runPool } from './run-pool.js';

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight; results keep the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  await runPool(items, { current: limit }, async (item, index) => {
    results[index] = await fn(item, index);
  });
  return results;
}

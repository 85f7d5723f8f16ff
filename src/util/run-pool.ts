/**
 * The one bounded pool: runs `work` over the items with at most `limit.current` calls in flight (read
 * afresh each time a slot frees, so the limit may shrink and grow while running). Once `shouldStop()`
 * is true no new item is started; those in flight finish. A rejection of `work` rejects the pool (the
 * executor's work never rejects: it turns failures into results). Resolves with the number of items
 * started.
 */

export function runPool<T>(
  items: readonly T[],
  limit: { readonly current: number },
  work: (item: T, index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = 0;
    const pump = (): void => {
      while (active < Math.max(1, limit.current) && next < items.length && !shouldStop()) {
        const index = next++;
        active += 1;
        work(items[index] as T, index).then(
          () => {
            active -= 1;
            pump();
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
      }
      if (active === 0 && (next >= items.length || shouldStop())) resolve(next);
    };
    pump();
  });
}

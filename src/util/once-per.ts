/**
 * Work done once per object (a config value, a contacts list) and shared by whoever asks next: the
 * value `cache` holds for `key`, made by `make` on the first call.
 */
export function oncePer<K extends object, V>(cache: WeakMap<K, V>, key: K, make: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    cache.set(key, value);
  }
  return value;
}

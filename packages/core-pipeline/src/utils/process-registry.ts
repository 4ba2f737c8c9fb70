/**
 * A Map shared by every copy of this package loaded in one process (the CLI's and a project's own):
 * kept on globalThis under a Symbol.for key, so registrations made through one copy are seen by all.
 * `initial` fills it when it is first used (not at import time, so modules that import each other can
 * seed it).
 */
export function processRegistry<T>(key: string, initial?: () => Iterable<[string, T]>): Map<string, T> {
  const symbol = Symbol.for(key);
  const holder = globalThis as Record<symbol, Map<string, T> | undefined>;
  return (holder[symbol] ??= new Map(initial?.()));
}

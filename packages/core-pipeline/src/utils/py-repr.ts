/**
 * Kedro's error messages quote names the way Python prints them (`['D', 'E']`, `{'A'}`); users
 * coming from kedro (and kedro's own test-suite, which we port) recognise that shape.
 */
export function pyStr(value: string): string {
  return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/'/g, "\\'")}'`;
}

/** `['a', 'b']`, in the given order. */
export function pyList(values: Iterable<string>): string {
  return `[${[...values].map(pyStr).join(', ')}]`;
}

/** `{'a', 'b'}`, sorted so messages are deterministic (Python's set order is not). */
export function pySet(values: Iterable<string>): string {
  return `{${[...new Set(values)].sort().map(pyStr).join(', ')}}`;
}

/** Plain code-point comparison, kedro's sort order for names. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

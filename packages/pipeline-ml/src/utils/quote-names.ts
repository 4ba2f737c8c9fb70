/** `'a', 'b'`: names for messages, sorted so messages do not depend on set order. */
export function quoteNames(names: Iterable<string>): string {
  return [...names]
    .sort()
    .map((name) => `'${name}'`)
    .join(', ');
}

/** Sorted copy (error fields and messages list names in one order). */
export function sortedNames(names: Iterable<string>): string[] {
  return [...names].sort();
}

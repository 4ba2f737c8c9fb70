/** What a wrong value is, for messages: `null`, `an array`, `an instance of Map`, `number 3`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'an unknown class'}`;
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Small helpers for the messages of project errors ("got 'x'", "got an array"). */
export { isPlainObject as isRecord } from '../utils/is-plain-object.js';

/** What a wrong value was, in a few words: `'abc'`, `an array`, `number 3`, `the function 'Foo'`. */
export function describeGot(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return `the function '${(value as { name?: string }).name || 'anonymous'}'`;
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : `'${value}'`;
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name !== undefined && name !== 'Object' ? `an instance of ${name}` : 'an object';
  }
  return `${typeof value} ${String(value)}`;
}

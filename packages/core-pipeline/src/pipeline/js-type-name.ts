/**
 * The JS analogue of Python's `type(x).__name__`, for error messages about wrong argument types:
 * primitives by `typeof` (`'string'`, `'number'`), `null`, and objects by constructor (`'Set'`, `'Array'`).
 */
export function jsTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return 'Object';
  const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
}

// The pipeline modules import the shared check from here, beside jsTypeName.
export { isPlainObject } from '../utils/is-plain-object.js';

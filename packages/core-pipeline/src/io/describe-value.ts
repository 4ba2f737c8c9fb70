/**
 * Short, single-line renderings of values for dataset descriptions (`CSVDataset(filepath='a.csv')`)
 * and error messages. Kedro users know Python's repr, so strings are single-quoted.
 */
import { isPlainObject } from '../utils/is-plain-object.js';
import { pyStr } from '../utils/py-repr.js';
import { isDataset } from './dataset-marker.js';

/** Keys whose values are never printed, wherever they appear: datasets often receive secrets. */
const SECRET_KEY = /^(credentials|password|passwd|token|secret|secret_key|access_key|api_key|authorization)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The name a user would recognise for a value's type: `DataFrame`, `Array`, `number`, ... */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return value.name || 'function';
  if (typeof value !== 'object') return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
}

export function describeValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return pyStr(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `<${value.name || 'function'}>`;
  if (typeof value === 'symbol') return value.toString();
  if (depth > 3) return '...';
  if (Array.isArray(value)) return `[${value.map((v) => describeValue(v, depth + 1)).join(', ')}]`;
  if (isPlainObject(value)) {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${pyStr(k)}: ${isSecretKey(k) ? "'***'" : describeValue(v, depth + 1)}`);
    return `{${parts.join(', ')}}`;
  }
  // Datasets nested in a description (CachedDataset) print themselves; other objects by type.
  if (isDataset(value)) return value.toString();
  return `<${typeName(value)}>`;
}

/** `Name(k1=v1, k2=v2)`, skipping undefined values and hiding secrets. */
export function describeCall(name: string, fields: Record<string, unknown>): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${isSecretKey(k) ? "'***'" : describeValue(v)}`);
  return `${name}(${parts.join(', ')})`;
}

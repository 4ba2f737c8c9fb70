/**
 * Parameters are datasets too: the project context adds `parameters` (everything) and one
 * `params:<key>` entry per key, nested keys included (`params:model.lr`), so nodes can take them as
 * inputs.
 */
import { isPlainObject } from '../utils/is-plain-object.js';

export function isParameter(name: string): boolean {
  return name === 'parameters' || name.startsWith('params:');
}

/** `{parameters: params, 'params:a': ..., 'params:a.b': ...}`, ready for `catalog.set(name, value)`. */
export function parameterEntries(params: Record<string, unknown>): Record<string, unknown> {
  const entries: Record<string, unknown> = { parameters: params };
  const walk = (prefix: string, value: Record<string, unknown>): void => {
    for (const [key, child] of Object.entries(value)) {
      const path = `${prefix}${key}`;
      entries[`params:${path}`] = child;
      if (isPlainObject(child)) walk(`${path}.`, child);
    }
  };
  walk('', params);
  return entries;
}

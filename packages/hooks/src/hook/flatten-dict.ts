/**
 * Dict-valued parameters as one MLflow param per key: `{b: {c: 3}}` → `{'b.c': 3}`. With
 * `recursive: false` only the first level is expanded (deeper objects stay objects).
 */
export interface FlattenOptions {
  recursive?: boolean;
  sep?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  // Not `=== Object.prototype`: values cloned across realms (structuredClone, vm) have another one.
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export function flattenDict(dict: Record<string, unknown>, options: FlattenOptions = {}): Record<string, unknown> {
  const recursive = options.recursive ?? true;
  const sep = options.sep ?? '.';
  const out: Record<string, unknown> = {};
  const walk = (prefix: string, value: Record<string, unknown>, depth: number): void => {
    for (const [key, child] of Object.entries(value)) {
      const name = prefix === '' ? key : `${prefix}${sep}${key}`;
      if (isPlainObject(child) && (recursive || depth === 0)) walk(name, child, depth + 1);
      else out[name] = child;
    }
  };
  walk('', dict, 0);
  return out;
}

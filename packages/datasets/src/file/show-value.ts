/** A short rendering of a user's value for error messages: `'x'`, `3`, `['a', 'b']`, `<Map>`. */
export function showValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (value === null || value === undefined || typeof value !== 'object') {
    return typeof value === 'function' ? `<function ${value.name || 'anonymous'}>` : String(value);
  }
  if (depth > 1) return '...';
  if (Array.isArray(value)) {
    const items = value.slice(0, 5).map((v) => showValue(v, depth + 1));
    return `[${items.join(', ')}${value.length > 5 ? ', ...' : ''}]`;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    const entries = Object.entries(value).slice(0, 5).map(([k, v]) => `${k}: ${showValue(v, depth + 1)}`);
    return `{${entries.join(', ')}}`;
  }
  return `<${(value as { constructor?: { name?: string } }).constructor?.name ?? 'object'}>`;
}

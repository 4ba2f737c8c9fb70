/**
 * A `{...}` literal, a parsed YAML or JSON mapping, or `Object.create(null)`: an object whose
 * prototype is `Object.prototype` or null. Arrays, Maps, Dates and class instances are not plain.
 *
 * `Object.prototype` of any realm counts: a vm context has its own (jest runs tests in one, and
 * `structuredClone` there returns objects of the outer realm), so a plain object from elsewhere is
 * recognised by its prototype having no prototype and a constructor named `Object`.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  if (proto === null || proto === Object.prototype) return true;
  return Object.getPrototypeOf(proto) === null && typeof proto.constructor === 'function' && proto.constructor.name === 'Object';
}

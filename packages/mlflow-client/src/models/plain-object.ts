/**
 * Whether a value is a record of named values (what a row or an `object` column holds), not an
 * array, a `Date` or binary data, which are objects too in JavaScript.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof ArrayBuffer)
  );
}

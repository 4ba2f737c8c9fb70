/**
 * Query strings the way MLflow's server reads them: repeated keys for lists, `true`/`false` for
 * booleans, undefined fields left out.
 */
export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number | boolean>;

export function toQueryString(params: Record<string, QueryValue> | undefined): string {
  if (params === undefined) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as Array<string | number | boolean>) search.append(key, typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

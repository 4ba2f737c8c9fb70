/** Wait times between attempts: exponential backoff with jitter, and `Retry-After`. */

/** HTTP statuses that are retried (MLflow's own list). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * The wait before retry `retry` (1 for the first retry): `factor × 2^(retry-1)` plus up to `jitter`
 * of random time, never more than `cap`. All values in ms.
 */
export function backoffDelay(retry: number, options: { factorMs: number; jitterMs: number; capMs: number; random?: () => number }): number {
  const base = options.factorMs * 2 ** Math.max(0, retry - 1);
  const jitter = options.jitterMs > 0 ? (options.random ?? Math.random)() * options.jitterMs : 0;
  return Math.max(0, Math.min(options.capMs, base + jitter));
}

/**
 * A `Retry-After` header in ms: either delta-seconds (`"3"`, `"1.5"`) or an HTTP date. Undefined
 * when absent or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

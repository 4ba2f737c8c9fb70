/**
 * Model output → the response body `{"predictions": …}` (MLflow 3): a table becomes a list of row
 * objects (pandas' `records` orient), typed arrays become lists, bigints numbers (text beyond
 * 2^53), `Date`s ISO strings, bytes inside rows base64 text, Maps objects. NaN and ±Infinity become
 * null, where Python MLflow writes the non-JSON tokens `NaN` / `Infinity`.
 */
import { isColumnTable } from '@kedro-mlflow/datasets';

function jsonable(key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Uint8Array && key !== 'predictions') return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (isColumnTable(value)) return value.objects();
  return value;
}

export function predictionsJson(predictions: unknown): string {
  // A table at the top is turned into rows before JSON.stringify, which would call arquero's own toJSON (column JSON text) first.
  const value = isColumnTable(predictions) ? predictions.objects() : predictions;
  return JSON.stringify({ predictions: value === undefined ? null : value }, jsonable);
}

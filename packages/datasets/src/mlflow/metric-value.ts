/** The checks every metric dataset applies to what it logs: keys MLflow takes, finite numbers, integer steps. */
import { MlflowApiError, validateKey } from '@kedro-mlflow/mlflow-client';
import { showValue } from '../file/show-value.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';

/** What a value is, for messages: `string`, `NaN`, `Infinity`, `array`, `Map`, ... */
export function kindOf(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as object | null;
    return proto === Object.prototype || proto === null ? 'object' : (value.constructor?.name ?? 'object');
  }
  return typeof value;
}

/** `value` when it is a finite number, else the `not-a-number` error naming the dataset, the key and what it got. */
export function finiteMetric(dataset: string, key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new MlflowDatasetError({
    kind: 'not-a-number',
    dataset,
    key,
    message: `Cannot save dataset ${dataset}: the value of metric '${key}' must be a finite number, got ${kindOf(value)} (${showValue(value)}). Convert it (Number(x)) before returning it from the node.`,
  });
}

export const isStep = (v: unknown): string | undefined => (Number.isSafeInteger(v) ? undefined : 'an integer');

/**
 * `key` when MLflow takes it as a metric key, else the `invalid-key` error naming the dataset.
 * Checked before anything is logged, so a queued save fails at once, like a direct one.
 */
export function metricKey(dataset: string, key: string): string {
  try {
    validateKey('metric', key);
  } catch (error) {
    if (!MlflowApiError.isInstance(error)) throw error;
    throw new MlflowDatasetError({
      kind: 'invalid-key',
      dataset,
      key,
      message: `Cannot save dataset ${dataset}: ${error.message} Rename the catalog entry, or give the dataset a 'key' (or 'prefix') MLflow takes.`,
      cause: error,
    });
  }
  return key;
}

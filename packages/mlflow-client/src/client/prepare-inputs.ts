/**
 * Client-side checks of what is about to be logged, with MLflow's rules and error codes, so bad
 * input fails before any request: keys, metric values/timestamps/steps, value lengths (long param
 * and tag values are truncated with a warning unless `MLFLOW_TRUNCATE_LONG_VALUES=false`).
 */
import type { Metric, Param, RunTag } from '../entities/tracking.js';
import { getLogger } from '../logger.js';
import { checkValueLength, MAX_PARAM_VALUE_LENGTH, MAX_RUN_TAG_VALUE_LENGTH, validateKey, validateMetricValue } from '../validation.js';

const log = getLogger('mlflow-client');

/** What a param or tag value may be given as; it is stored as a string. */
export type LoggableValue = string | number | boolean | bigint | null | undefined | object;

export function stringifyValue(value: LoggableValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

export interface MetricExtras {
  /** ms since epoch; default now */
  timestamp?: number;
  /** default 0 */
  step?: number;
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

/** A validated metric point. `keyChecked` skips the key check for callers that cache validated keys. */
export function prepareMetric(key: string, value: number, extras: MetricExtras = {}, keyChecked = false): Metric {
  if (!keyChecked) validateKey('metric', key);
  const timestamp = extras.timestamp ?? Date.now();
  const step = extras.step ?? 0;
  validateMetricValue(key, value, timestamp, step);
  const metric: Metric = { key, value, timestamp, step };
  if (extras.modelId !== undefined) metric.modelId = extras.modelId;
  if (extras.datasetName !== undefined) metric.datasetName = extras.datasetName;
  if (extras.datasetDigest !== undefined) metric.datasetDigest = extras.datasetDigest;
  return metric;
}

/** A metric given as an object (log-batch): checked, with defaults filled in. */
export function prepareMetricObject(metric: Partial<Metric> & { key: string; value: number }): Metric {
  return prepareMetric(metric.key, metric.value, metric);
}

export function prepareParam(key: string, value: LoggableValue): Param {
  validateKey('param', key);
  const checked = checkValueLength('param', key, stringifyValue(value), MAX_PARAM_VALUE_LENGTH);
  if (checked.truncated) log.warn(`param '${key}' was truncated to ${MAX_PARAM_VALUE_LENGTH} characters (set MLFLOW_TRUNCATE_LONG_VALUES=false to get an error instead)`);
  return { key, value: checked.value };
}

export function prepareTag(key: string, value: LoggableValue): RunTag {
  validateKey('tag', key);
  const checked = checkValueLength('tag', key, stringifyValue(value), MAX_RUN_TAG_VALUE_LENGTH);
  if (checked.truncated) log.warn(`tag '${key}' was truncated to ${MAX_RUN_TAG_VALUE_LENGTH} characters (set MLFLOW_TRUNCATE_LONG_VALUES=false to get an error instead)`);
  return { key, value: checked.value };
}

/**
 * MLflow's validation rules (keys, value lengths, batch limits, ids), checked on our side so bad
 * input fails fast with MLflow's own error code, and so the file store never turns a key into a
 * path that escapes its folder.
 */
import { MlflowApiError } from './errors/mlflow-api-error.js';

export const MAX_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_RUN_TAG_VALUE_LENGTH = 8000;
export const MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_PER_BATCH = 100;
export const MAX_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;

const KEY_PATTERN = /^[/\w.\- :]*$/u;
const RUN_ID_PATTERN = /^[a-zA-Z0-9][\w-]{0,255}$/;
const EXPERIMENT_ID_PATTERN = /^[a-zA-Z0-9][\w-]{0,63}$/;

function invalid(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message });
}

/** Metric, param and tag keys: MLflow's charset, ≤ 250 chars, and a normalised relative path. */
export function validateKey(kind: 'metric' | 'param' | 'tag', key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '') {
    throw invalid(`Invalid ${kind} name: ${JSON.stringify(key)}. Names must be non-empty strings.`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw invalid(`${kind[0]!.toUpperCase()}${kind.slice(1)} name '${key.slice(0, 40)}…' has ${key.length} characters; the limit is ${MAX_KEY_LENGTH}.`);
  }
  if (!KEY_PATTERN.test(key)) {
    throw invalid(
      `Invalid ${kind} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).`,
    );
  }
  const segments = key.split('/');
  if (key.startsWith('/') || segments.some((s) => s === '..' || s === '.' || s === '')) {
    throw invalid(`Invalid ${kind} name: '${key}'. Names must be normalised relative paths (no leading '/', '//', '.' or '..').`);
  }
}

/**
 * Long param and tag values: MLflow truncates them (with a warning) unless
 * `MLFLOW_TRUNCATE_LONG_VALUES=false`, in which case they are rejected.
 */
export function checkValueLength(kind: 'param' | 'tag' | 'experiment tag', key: string, value: string, limit: number): { value: string; truncated: boolean } {
  if (value.length <= limit) return { value, truncated: false };
  if (kind !== 'experiment tag' && process.env.MLFLOW_TRUNCATE_LONG_VALUES?.toLowerCase() !== 'false') {
    return { value: value.slice(0, limit), truncated: true };
  }
  throw invalid(`The ${kind} '${key}' has a value of ${value.length} characters; the limit is ${limit}.`);
}

export function validateMetricValue(key: string, value: unknown, timestamp: unknown, step: unknown): void {
  if (typeof value !== 'number') {
    throw invalid(`Got invalid value ${JSON.stringify(value)} for metric '${key}'. Please specify value as a number.`);
  }
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0) {
    throw invalid(`Got invalid timestamp ${String(timestamp)} for metric '${key}'. Timestamp must be a non-negative integer (ms).`);
  }
  if (typeof step !== 'number' || !Number.isInteger(step)) {
    throw invalid(`Got invalid step ${String(step)} for metric '${key}'. Step must be an integer.`);
  }
}

export function validateRunId(runId: unknown): asserts runId is string {
  if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) {
    throw invalid(`Invalid run ID: ${JSON.stringify(runId)}.`);
  }
}

export function validateExperimentId(experimentId: unknown): asserts experimentId is string {
  if (typeof experimentId !== 'string' || !EXPERIMENT_ID_PATTERN.test(experimentId)) {
    throw invalid(`Invalid experiment ID: ${JSON.stringify(experimentId)}.`);
  }
}

export function validateExperimentName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalid(`Invalid experiment name: ${JSON.stringify(name)}. Names must be non-empty strings.`);
  }
  if (name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    throw invalid(`Experiment name has ${name.length} characters; the limit is ${MAX_EXPERIMENT_NAME_LENGTH}.`);
  }
}

/** Logged model names become URI and path segments. */
export function validateLoggedModelName(name: string): void {
  if (name === '' || /[/.:%'"]/.test(name)) {
    throw invalid(`Invalid model name '${name}': it must be non-empty and must not contain / . : % ' or ".`);
  }
}

/** Registry alias rules. */
export function validateAlias(alias: string): void {
  if (alias.length > 255 || !/^[\w-]*$/.test(alias) || alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) {
    throw invalid(
      `Invalid alias '${alias}': aliases may contain letters, digits, '_' and '-' (≤ 255 characters), and may not be 'latest' or of the form 'v<number>'.`,
    );
  }
}

/** The limits of one log-batch request. */
export function validateBatchSize(metrics: number, params: number, tags: number): void {
  if (metrics > MAX_METRICS_PER_BATCH || params > MAX_PARAMS_PER_BATCH || tags > MAX_TAGS_PER_BATCH || metrics + params + tags > MAX_ENTITIES_PER_BATCH) {
    throw invalid(
      `A batch logging request can contain at most ${MAX_METRICS_PER_BATCH} metrics, ${MAX_PARAMS_PER_BATCH} params, ${MAX_TAGS_PER_BATCH} tags and ${MAX_ENTITIES_PER_BATCH} entities in total; got ${metrics} metrics, ${params} params and ${tags} tags.`,
    );
  }
}

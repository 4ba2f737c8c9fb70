/**
 * The two option records a PipelineML carries for the end of training: `kpmKwargs` (how the
 * inference pipeline runs inside the model) and `logModelKwargs` (how the model is logged).
 * Both are checked when the PipelineML is built, so a typo fails before training, not after it.
 */
import { COPY_MODES, getLogger, isPlainObject, type CopyMode } from '@kedro-mlflow/core-pipeline';
import { PipelineMLError } from '../errors/pipeline-ml-error.js';
import { describeValue } from '../utils/describe-value.js';

const log = getLogger('kedro_mlflow.pipeline.pipeline_ml');

/** Options of the pipeline model built from the inference pipeline. */
export interface KpmKwargs {
  /**
   * How the model's in-memory datasets hand data to nodes: one mode for all of them, `null` for
   * the dataset's own default, or `{datasetName: mode}` (datasets not named keep their default).
   */
  copyMode?: CopyMode | null | Readonly<Record<string, CopyMode | null>>;
  /** The runner predictions use by default (a built-in runner name such as `SequentialRunner`). */
  runner?: string;
}

/** A model signature given as is (`{inputs, outputs, params}`), `'auto'` to infer it, or `null` for none. */
export type SignatureOption = 'auto' | null | Readonly<Record<string, unknown>>;

/** Options of the model logged at the end of a successful training run. */
export interface LogModelKwargs {
  /** Name of the model in MLflow (`runs:/<run id>/<name>`). Default `model`. */
  name?: string;
  /** @deprecated MLflow 3 calls it `name`: given alone, it is renamed with a warning. */
  artifactPath?: string;
  /** Default `'auto'`: inferred from the input data, with the inference parameters and the runner. */
  signature?: SignatureOption;
  /** Other options are passed on to the model logger as they are. */
  [option: string]: unknown;
}

export const KPM_KWARGS_DEFAULT: Readonly<KpmKwargs> = Object.freeze({});
export const LOG_MODEL_KWARGS_DEFAULT: Readonly<LogModelKwargs> = Object.freeze({ signature: 'auto', name: 'model' });

const KPM_KEYS: ReadonlySet<string> = new Set(['copyMode', 'runner']);

function optionError(kind: 'kpm-kwargs' | 'log-model-kwargs', key: string, message: string): PipelineMLError {
  return new PipelineMLError(message, { kind, key });
}

/** The record without its `undefined` entries, refusing what is not a plain object. */
function entriesOf(value: unknown, option: 'kpmKwargs' | 'logModelKwargs'): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const kind = option === 'kpmKwargs' ? 'kpm-kwargs' : 'log-model-kwargs';
  if (!isPlainObject(value)) {
    throw optionError(kind, option, `'${option}' must be a plain object such as { name: 'model' }, not ${describeValue(value)}.`);
  }
  const kept: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    // kedro-mlflow's options are snake_case; ours are camelCase, and a silently ignored key is a bug.
    if (/_[a-z]/.test(key)) {
      const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
      throw optionError(kind, `${option}.${key}`, `'${option}.${key}' is not an option: options are camelCase, write '${camel}'.`);
    }
    kept[key] = entry;
  }
  return kept;
}

function isCopyMode(value: unknown): value is CopyMode {
  return typeof value === 'string' && (COPY_MODES as readonly string[]).includes(value);
}

const COPY_MODE_HINT = `one of ${COPY_MODES.map((m) => `'${m}'`).join(', ')}, null, or { datasetName: mode }`;

/** Step 4: `kpmKwargs` merged over the (empty) defaults, every key and value checked. */
export function checkKpmKwargs(value: unknown): Readonly<KpmKwargs> {
  const given = entriesOf(value, 'kpmKwargs');
  for (const key of Object.keys(given)) {
    if (!KPM_KEYS.has(key)) {
      throw optionError('kpm-kwargs', `kpmKwargs.${key}`, `'kpmKwargs.${key}' is not an option of the pipeline model: use 'copyMode' or 'runner'.`);
    }
  }
  const { copyMode, runner } = given;
  if (copyMode !== undefined && copyMode !== null && !isCopyMode(copyMode)) {
    if (!isPlainObject(copyMode)) {
      throw optionError('kpm-kwargs', 'kpmKwargs.copyMode', `'kpmKwargs.copyMode' must be ${COPY_MODE_HINT}, not ${describeValue(copyMode)}.`);
    }
    for (const [dataset, mode] of Object.entries(copyMode)) {
      if (mode !== null && !isCopyMode(mode)) {
        throw optionError(
          'kpm-kwargs',
          `kpmKwargs.copyMode.${dataset}`,
          `'kpmKwargs.copyMode.${dataset}' must be ${COPY_MODES.map((m) => `'${m}'`).join(', ')} or null, not ${describeValue(mode)}.`,
        );
      }
    }
  }
  if (runner !== undefined && (typeof runner !== 'string' || runner.trim() === '')) {
    throw optionError('kpm-kwargs', 'kpmKwargs.runner', `'kpmKwargs.runner' must be a runner name such as 'SequentialRunner', not ${describeValue(runner)}.`);
  }
  // Copied so that later edits of the caller's records do not change a validated PipelineML.
  if (isPlainObject(copyMode)) given.copyMode = Object.freeze({ ...copyMode });
  return Object.freeze({ ...KPM_KWARGS_DEFAULT, ...(given as KpmKwargs) });
}

/**
 * Step 5: `artifactPath` and `name` together are refused; `artifactPath` alone becomes `name` with a
 * warning; the result is merged over `{signature: 'auto', name: 'model'}`.
 */
export function checkLogModelKwargs(value: unknown): Readonly<LogModelKwargs> {
  const given = entriesOf(value, 'logModelKwargs');
  for (const key of ['artifactPath', 'name']) {
    const value = given[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw optionError('log-model-kwargs', `logModelKwargs.${key}`, `'logModelKwargs.${key}' must be a non-empty string such as 'model', not ${describeValue(value)}.`);
    }
  }
  if ('artifactPath' in given) {
    if ('name' in given) {
      throw optionError(
        'log-model-kwargs',
        'logModelKwargs.artifactPath',
        "'logModelKwargs' has both 'artifactPath' (deprecated since MLflow 3) and 'name', which mean the same thing. Please only specify 'name'.",
      );
    }
    log.warn("'logModelKwargs.artifactPath' is deprecated since MLflow 3: it is used as 'name'. Please use 'name' instead.");
    given.name = given.artifactPath;
    delete given.artifactPath;
  }
  const { signature } = given;
  if (signature !== undefined && signature !== 'auto' && signature !== null && (typeof signature !== 'object' || Array.isArray(signature))) {
    // kedro-mlflow passes any other string on to MLflow, which fails only when the model is logged.
    throw optionError(
      'log-model-kwargs',
      'logModelKwargs.signature',
      `'logModelKwargs.signature' must be 'auto', null (no signature) or a signature object { inputs, outputs, params }, not ${describeValue(signature)}.`,
    );
  }
  return Object.freeze({ ...LOG_MODEL_KWARGS_DEFAULT, ...given });
}

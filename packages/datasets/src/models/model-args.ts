/**
 * The `save_args` / `load_args` of the model datasets: the keys a dataset consumes itself (MLflow's
 * `log_model` / `save_model` arguments: `signature`, `input_example`, `name`, ...) are checked and
 * converted here; every other key belongs to the flavor, and is checked against the flavor's own
 * spec when the flavor declares one.
 */
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import { parseSignature, type InputExample, type ModelSignature, type SignatureStrings } from '@kedro-mlflow/mlflow-client';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { checkArgs, isInteger, isString, isStringList, type ArgCheck, type ArgsSpec } from '../file/dataset-args.js';
import { isColumnTable } from '../tabular/table-columns.js';
import type { FlavorReference } from './flavor-reference.js';
import type { ModelFlavor } from './model-flavor.js';

const isMapping: ArgCheck = (v) => (isPlainObject(v) ? undefined : 'a mapping');
const isSignature: ArgCheck = (v) => (isPlainObject(v) && v.inputs !== undefined ? undefined : "a signature: {inputs, outputs?, params?} (schemas, or MLmodel's JSON strings)");
const isExample: ArgCheck = (v) =>
  Array.isArray(v) || isColumnTable(v) || (isPlainObject(v) && ('records' in v || 'columns' in v || 'json' in v))
    ? undefined
    : 'rows (a list of records), a table, {records}, {columns} or {json}';

/** What both the local and the tracking dataset take in `save_args`. */
export const MODEL_SAVE_ARGS: ArgsSpec = { signature: isSignature, input_example: isExample, metadata: isMapping };

/** What MlflowModelTrackingDataset also takes (`log_model`'s arguments). */
export const LOG_MODEL_SAVE_ARGS: ArgsSpec = {
  ...MODEL_SAVE_ARGS,
  name: isString,
  registered_model_name: isString,
  registered_model_aliases: isStringList,
  params: isMapping,
  tags: isMapping,
  step: isInteger(0),
  model_type: isString,
  pip_requirements: isStringList,
};

export interface SplitArgs {
  /** The dataset's own keys, checked. */
  own: Record<string, unknown>;
  /** The flavor's keys (checked when the flavor declares its args). */
  flavor: Record<string, unknown>;
}

/** Checks `args` of the dataset labelled `dataset` and splits them into its own keys and the flavor's. */
export function splitModelArgs(dataset: string, option: 'save_args' | 'load_args', args: unknown, own: ArgsSpec, flavor: ModelFlavor | undefined): SplitArgs {
  const flavorSpec = option === 'save_args' ? flavor?.saveArgs : flavor?.loadArgs;
  const passThrough = (): ArgsSpec =>
    isPlainObject(args) ? Object.fromEntries(Object.keys(args).filter((k) => !(k in own)).map((k) => [k, () => undefined])) : {};
  const checked = checkArgs(dataset, option, args, { ...(flavorSpec ?? passThrough()), ...own });
  const split: SplitArgs = { own: {}, flavor: {} };
  for (const [key, value] of Object.entries(checked)) {
    if (key in own) split.own[key] = value;
    else split.flavor[key] = value;
  }
  return split;
}

/**
 * The flavor, imported on first use; the flavor's `save_args` / `load_args` keys are checked then
 * against its spec (a flavor named by module could not be checked when the dataset was built).
 */
export function checkedFlavor(dataset: string, ref: FlavorReference, args: { save_args?: Record<string, unknown>; load_args?: Record<string, unknown> }): () => Promise<ModelFlavor> {
  let checked: Promise<ModelFlavor> | undefined;
  const check = async (): Promise<ModelFlavor> => {
    const flavor = await ref.resolve();
    if (args.save_args !== undefined && flavor.saveArgs !== undefined) checkArgs(dataset, 'save_args', args.save_args, flavor.saveArgs);
    if (args.load_args !== undefined && flavor.loadArgs !== undefined) checkArgs(dataset, 'load_args', args.load_args, flavor.loadArgs);
    return flavor;
  };
  return () => {
    checked ??= check();
    checked.catch(() => {
      checked = undefined;
    });
    return checked;
  };
}

/** `save_args.signature` as a typed signature (MLmodel's JSON strings are parsed). */
export function toSignature(dataset: string, value: unknown): ModelSignature | undefined {
  if (value === undefined) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.inputs !== 'string') return value as ModelSignature;
  try {
    return parseSignature(v as unknown as SignatureStrings);
  } catch (error) {
    throw new DatasetOptionError({
      dataset,
      option: 'save_args',
      key: 'signature',
      message: `'save_args.signature' of dataset ${dataset} is not a valid MLflow signature: ${(error as Error).message}`,
    });
  }
}

/** `save_args.input_example` in the form mlflow-client writes (a table becomes its columns). */
export function toInputExample(value: unknown): InputExample | undefined {
  if (value === undefined) return undefined;
  if (isColumnTable(value)) {
    return { columns: Object.fromEntries(value.columnNames().map((name) => [name, Array.from(value.array(name) as ArrayLike<unknown>)])) };
  }
  return value as InputExample;
}

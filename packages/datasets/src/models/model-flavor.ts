/**
 * A model flavor: how one kind of model is written into a model folder and read back, the
 * TypeScript counterpart of Python's `mlflow.sklearn` / `mlflow.pyfunc` modules. The model datasets
 * own everything else (the MLmodel file, signature, input example, logging, the registry): a
 * flavor only turns a model into files and files into a model.
 */
import type { FlavorConfig, MLmodel } from '@kedro-mlflow/mlflow-client';
import type { ArgsSpec } from '../file/dataset-args.js';

/** The flavor's own `save_args` / `load_args` (what the dataset does not consume itself). */
export type FlavorArgs = Readonly<Record<string, unknown>>;

/** What `save` may return instead of a bare flavor section: also sections of other flavors. */
export interface FlavorSaveResult {
  /** This flavor's section of MLmodel's `flavors`. */
  flavorConfig: FlavorConfig;
  /** Other flavors the folder also satisfies (e.g. a `python_function` loader), by flavor name. */
  otherFlavors?: Record<string, FlavorConfig>;
}

export interface FlavorLoadContext {
  /** This flavor's section of the folder's MLmodel. */
  config: FlavorConfig;
  /** The whole MLmodel (signature, metadata, run and model ids). */
  mlmodel: MLmodel;
}

export interface ModelFlavor<M = unknown> {
  /** The key under MLmodel's `flavors` (`object`, `onnx`, `kedro_pipeline`). */
  readonly name: string;
  /** The `save_args` keys the flavor takes and their checks; given, other keys are refused when the dataset is built. */
  readonly saveArgs?: ArgsSpec;
  /** The same for `load_args`. */
  readonly loadArgs?: ArgsSpec;
  /**
   * Writes `model` into `dir` (an empty folder that exists) and returns its MLmodel section. Paths
   * in the section should be relative to `dir`: the folder is moved or uploaded afterwards.
   */
  save(model: M, dir: string, args: FlavorArgs): Promise<FlavorConfig | FlavorSaveResult> | FlavorConfig | FlavorSaveResult;
  /**
   * Reads the model saved in `dir`. The folder may be a temporary download that is removed once
   * the returned promise settles: read (or copy) everything the model needs before resolving.
   */
  load(dir: string, args: FlavorArgs, context: FlavorLoadContext): Promise<M> | M;
}

/** True for a value with a string `name` and `save` / `load` functions. */
export function isModelFlavor(value: unknown): value is ModelFlavor {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const flavor = value as Partial<ModelFlavor>;
  return typeof flavor.name === 'string' && flavor.name.trim() !== '' && typeof flavor.save === 'function' && typeof flavor.load === 'function';
}

export function isFlavorSaveResult(value: FlavorConfig | FlavorSaveResult): value is FlavorSaveResult {
  const config = (value as { flavorConfig?: unknown }).flavorConfig;
  return config !== null && typeof config === 'object' && !Array.isArray(config);
}

/**
 * One prediction: a fresh catalog of MemoryDatasets (the model's copy modes) holding the artifacts'
 * values, the inference parameters (the training values, overridden by this call's params) and the
 * input, run by the runner named at predict time with an empty hook manager. Nothing the call does
 * reaches the next one (kedro-mlflow wrote predict params into its persistent catalog, §9.2 item 12).
 * This module runs inside the bundled model code: it imports core-pipeline only.
 */
import {
  ConcurrentRunner,
  DataCatalog,
  getLogger,
  HookManager,
  MemoryDataset,
  ParallelRunner,
  SequentialRunner,
  type AbstractRunner,
  type CopyMode,
  type Pipeline,
} from '@kedro-mlflow/core-pipeline';
import { KedroPipelineModelError } from '../errors/kedro-pipeline-model-error.js';

const log = getLogger('kedro_mlflow.mlflow.kedro_pipeline_model');

export const RUNNER_PARAM = 'runner';
export const DEFAULT_RUNNER = 'SequentialRunner';
export const PREDICT_RUNNERS = ['SequentialRunner', 'ConcurrentRunner', 'ThreadRunner', 'ParallelRunner'] as const;

export interface InferenceSpec {
  pipeline: Pipeline;
  inputName: string;
  outputName: string;
  /** Dataset → copy mode (`null`: MemoryDataset's inferred default) for every dataset but the output. */
  copyModes: Readonly<Record<string, CopyMode | null>>;
  /** The runner used when the call names none. */
  runner: string;
  /** Inference parameter name (without `params:`) → its training value. */
  parameters: Readonly<Record<string, unknown>>;
  /** Artifact dataset name → its loaded value. */
  artifacts: ReadonlyMap<string, unknown>;
  /** For ParallelRunner: the module its workers import the pipeline from, and the export. */
  parallel?: { pipelineModule: string; pipelineExport: string };
}

function makeRunner(name: unknown, spec: InferenceSpec): AbstractRunner {
  if (name === 'SequentialRunner') return new SequentialRunner();
  if (name === 'ConcurrentRunner' || name === 'ThreadRunner') return new ConcurrentRunner();
  if (name === 'ParallelRunner') {
    if (spec.parallel === undefined) {
      throw new KedroPipelineModelError(
        "ParallelRunner needs the model's bundled code (its worker threads import the pipeline): save the model and predict with the model loadModel() returns.",
        { kind: 'runner', key: 'ParallelRunner' },
      );
    }
    return new ParallelRunner({ ...spec.parallel });
  }
  throw new KedroPipelineModelError(`Unknown runner ${JSON.stringify(name)} in the predict params: use one of ${PREDICT_RUNNERS.join(', ')}.`, {
    kind: 'runner',
    key: String(name),
  });
}

/** Checks `params` against the inference parameters; returns the runner name and the overrides. */
export function splitPredictParams(spec: Pick<InferenceSpec, 'parameters' | 'runner'>, params: Record<string, unknown> | undefined): { runner: string; overrides: Record<string, unknown> } {
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    throw new KedroPipelineModelError(`predict params must be an object of inference parameters, got ${Array.isArray(params) ? 'an array' : typeof params}.`, { kind: 'invalid-argument', key: 'params' });
  }
  let runner = spec.runner;
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    if (key === RUNNER_PARAM) {
      if (typeof value !== 'string') throw new KedroPipelineModelError(`predict param 'runner' must be a runner name, got ${typeof value}.`, { kind: 'runner', key: String(value) });
      runner = value;
      continue;
    }
    const name = key.startsWith('params:') ? key.slice('params:'.length) : key;
    if (!Object.prototype.hasOwnProperty.call(spec.parameters, name)) {
      const known = Object.keys(spec.parameters);
      throw new KedroPipelineModelError(
        `Unknown predict param '${key}': the inference pipeline reads ${known.length === 0 ? 'no parameters' : `the parameters ${known.join(', ')}`} (and 'runner').`,
        { kind: 'unknown-param', key },
      );
    }
    overrides[name] = value;
  }
  return { runner, overrides };
}

/** Runs the inference pipeline on `input`; returns the output's value only. */
export async function runInference(spec: InferenceSpec, input: unknown, params?: Record<string, unknown>): Promise<unknown> {
  const { runner: runnerName, overrides } = splitPredictParams(spec, params);
  const runner = makeRunner(runnerName, spec);
  for (const [name, value] of Object.entries(overrides)) log.info('Using params:%s=%j for the prediction', name, value);
  const datasets: Record<string, MemoryDataset> = {};
  for (const [name, mode] of Object.entries(spec.copyModes)) datasets[name] = new MemoryDataset(mode === null ? {} : { copy_mode: mode });
  const catalog = new DataCatalog({ datasets });
  for (const [name, value] of spec.artifacts) await catalog.save(name, value);
  for (const [name, value] of Object.entries({ ...spec.parameters, ...overrides })) {
    if (spec.pipeline.inputs().has(`params:${name}`)) await catalog.save(`params:${name}`, value);
  }
  await catalog.save(spec.inputName, input);
  const result = await runner.run(spec.pipeline, catalog, { hookManager: new HookManager() });
  const output = result[spec.outputName];
  return output === undefined ? undefined : output.load();
}

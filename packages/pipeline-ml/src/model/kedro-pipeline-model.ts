/**
 * `KedroPipelineModel`: an inference pipeline bound to the catalog entries it reads (kedro-mlflow
 * §5). Built in the order of §5.2: the initial catalog (one entry per pipeline input: a fresh
 * MemoryDataset for `inputName`, the catalog's dataset otherwise, which must be persisted unless it
 * is a parameter), exactly one output, the runner, the copy modes. `predict` runs it in this process
 * (the artifacts are loaded once from the training catalog); `saveModel` writes the self-contained
 * model folder.
 */
import {
  getLogger,
  isMemoryDataset,
  isPlainObject,
  MemoryDataset,
  Pipeline,
  type AbstractDataset,
  type AbstractRunner,
  type CopyMode,
  type DataCatalog,
} from '@kedro-mlflow/core-pipeline';
import { PipelineML } from '../pipeline/pipeline-ml.js';
import { resolveCopyModes, type CopyModeOption } from './copy-modes.js';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import type { CodeSource } from './runtime/pipeline-from-source.js';
import { DEFAULT_RUNNER, PREDICT_RUNNERS, runInference, splitPredictParams } from './runtime/run-inference.js';

const log = getLogger('kedro_mlflow.mlflow.kedro_pipeline_model');

export interface KedroPipelineModelOptions {
  /** The inference pipeline, or a PipelineML (its `inference` is used). */
  pipeline: Pipeline | PipelineML;
  /** The training (or project) catalog the artifacts and parameters come from. */
  catalog: DataCatalog;
  /** The dataset that receives the data to predict on. */
  inputName: string;
  /** The default runner of `predict`: a name (`SequentialRunner`, `ConcurrentRunner`, `ThreadRunner`, `ParallelRunner`) or such a runner. */
  runner?: string | AbstractRunner | null | undefined;
  /** `assign` (default), `copy`, `deepcopy`, `null`, or `{dataset: mode}`. */
  copyMode?: CopyModeOption | undefined;
  /** The module the inference code is bundled from (needed to save the model; see the README). */
  code?: CodeSource | undefined;
  /** The name the project registers the pipeline under (MLmodel's `pipeline_name`; default `code.pipelineName`). */
  pipelineName?: string | undefined;
}

const isParameter = (name: string): boolean => name.startsWith('params:');

function runnerName(runner: unknown): string {
  if (runner === undefined || runner === null) return DEFAULT_RUNNER;
  const name = typeof runner === 'string' ? runner : (runner as { constructor?: { name?: string } }).constructor?.name;
  if (typeof name === 'string' && (PREDICT_RUNNERS as readonly string[]).includes(name)) return name;
  throw new KedroPipelineModelError(`'runner' must be one of ${PREDICT_RUNNERS.join(', ')} (a name or such a runner), got ${JSON.stringify(name ?? typeof runner)}.`, {
    kind: 'runner',
    key: String(name),
  });
}

function checkCode(code: unknown): CodeSource | undefined {
  if (code === undefined) return undefined;
  const ok =
    isPlainObject(code) &&
    typeof code.module === 'string' &&
    code.module !== '' &&
    ['exportName', 'pipelineName'].every((k) => code[k] === undefined || typeof code[k] === 'string');
  if (!ok) throw new KedroPipelineModelError("'code' must be {module: string, exportName?: string, pipelineName?: string}.", { kind: 'invalid-argument', key: 'code' });
  return code as unknown as CodeSource;
}

export class KedroPipelineModel {
  readonly pipeline: Pipeline;
  readonly inputName: string;
  readonly outputName: string;
  /** Runner name used when `predict` names none. */
  readonly runner: string;
  /** Dataset → copy mode for every dataset of the pipeline but the output (extra map keys kept). */
  readonly copyModes: Readonly<Record<string, CopyMode | null>>;
  /** Pipeline input → dataset: a fresh MemoryDataset for `inputName`, the catalog's for the others. */
  readonly initialCatalog: ReadonlyMap<string, AbstractDataset>;
  readonly code: CodeSource | undefined;
  /** The registry name of the pipeline, when known. */
  readonly pipelineName: string | undefined;
  #artifacts: Promise<Map<string, unknown>> | undefined;
  #parameters: Promise<Record<string, unknown>> | undefined;

  constructor(options: KedroPipelineModelOptions) {
    if (!isPlainObject(options)) throw new KedroPipelineModelError('KedroPipelineModel takes an options object {pipeline, catalog, inputName, …}.', { kind: 'invalid-argument', key: 'options' });
    const { pipeline, catalog, inputName } = options;
    const inference = PipelineML.isInstance(pipeline) ? pipeline.inference : pipeline;
    if (!Pipeline.isInstance(inference)) {
      throw new KedroPipelineModelError("'pipeline' must be a Pipeline or a PipelineML.", { kind: 'invalid-argument', key: 'pipeline' });
    }
    if (typeof catalog?.getDataset !== 'function') throw new KedroPipelineModelError("'catalog' must be a DataCatalog.", { kind: 'invalid-argument', key: 'catalog' });
    if (typeof inputName !== 'string' || inputName === '') throw new KedroPipelineModelError("'inputName' must be a dataset name.", { kind: 'invalid-argument', key: 'inputName' });
    this.pipeline = inference;
    this.inputName = inputName;
    this.code = checkCode(options.code);
    const pipelineName = options.pipelineName ?? this.code?.pipelineName;
    if (pipelineName !== undefined && (typeof pipelineName !== 'string' || pipelineName === '')) {
      throw new KedroPipelineModelError("'pipelineName' must be a non-empty pipeline name.", { kind: 'invalid-argument', key: 'pipelineName' });
    }
    this.pipelineName = pipelineName;
    // §5.2 step 1: the initial catalog.
    const initial = new Map<string, AbstractDataset>();
    for (const name of inference.inputs()) {
      if (name === inputName) {
        // The input's own type is dropped, so serving does not need its dependencies (kedro-mlflow #273).
        initial.set(name, new MemoryDataset());
        continue;
      }
      const dataset = catalog.getDataset(name);
      if (isMemoryDataset(dataset) && !isParameter(name)) {
        throw new KedroPipelineModelError(
          `The datasets of the training pipeline must be persisted locally to be used by the inference pipeline. Declare '${name}' with a file dataset type (not MemoryDataset) in catalog.yml. Dataset '${name}' is not persisted currently.`,
          { kind: 'unpersisted-input', dataset: name },
        );
      }
      log.info("The dataset '%s' is added to the Pipeline catalog.", name);
      initial.set(name, dataset);
    }
    this.initialCatalog = initial;
    // Step 2: exactly one output.
    const outputs = [...inference.outputs()];
    if (outputs.length !== 1) {
      throw new KedroPipelineModelError(`Pipeline must have one and only one output, got '${outputs.length}' outputs:\n${outputs.map((o) => ` - ${o}`).join('\n')}`, {
        kind: 'outputs',
        datasets: outputs,
      });
    }
    this.outputName = outputs[0]!;
    this.runner = runnerName(options.runner);
    this.copyModes = Object.freeze(resolveCopyModes(options.copyMode, inference, this.outputName));
  }

  /** The inputs stored as files in the model: every input but `inputName` and the parameters. */
  artifactNames(): string[] {
    return [...this.initialCatalog.keys()].filter((n) => n !== this.inputName && !isParameter(n)).sort();
  }

  /** Inference parameter (without `params:`) → its value in the training catalog. */
  parameters(): Promise<Record<string, unknown>> {
    this.#parameters ??= (async () => {
      const values: Record<string, unknown> = {};
      for (const [name, dataset] of this.initialCatalog) if (isParameter(name)) values[name.slice('params:'.length)] = await dataset.load();
      return values;
    })();
    return this.#parameters;
  }

  /** Predicts in this process; `params` as for a loaded model (`runner`, inference parameters). */
  async predict(input: unknown, params?: Record<string, unknown>): Promise<unknown> {
    const parameters = await this.parameters();
    splitPredictParams({ parameters, runner: this.runner }, params);
    this.#artifacts ??= (async () => {
      const values = new Map<string, unknown>();
      for (const name of this.artifactNames()) values.set(name, await this.initialCatalog.get(name)!.load());
      return values;
    })();
    const artifacts = await this.#artifacts;
    return runInference(
      { pipeline: this.pipeline, inputName: this.inputName, outputName: this.outputName, copyModes: this.copyModes, runner: this.runner, parameters, artifacts },
      input,
      params,
    );
  }
}

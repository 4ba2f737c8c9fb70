/**
 * A model logged to MLflow (MLflow 3 logged models): `save` logs the model — linked to the pipeline
 * run as an output when there is one, on its own otherwise — and optionally registers it
 * (`save_args.registered_model_name`); `load` reads `load_args.model_uri` or, without it, the last
 * model this dataset saved. Any model URI works: `models:/m-…`, `models:/<name>/<version>`,
 * `models:/<name>@<alias>`, `runs:/<run_id>/<name>`, a path.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLogger, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import { logModel, parseModelUri, type LoggableValue, type LogModelOptions } from '@kedro-mlflow/mlflow-client';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { AbstractMlflowDataset } from '../mlflow/mlflow-dataset.js';
import { withMlflowClient } from '../mlflow/run-client.js';
import { currentMlflowRun } from '../mlflow/run-scope.js';
import { ModelDatasetError } from './errors/model-dataset-error.js';
import { flavorReference, type FlavorReference } from './flavor-reference.js';
import { checkedFlavor, LOG_MODEL_SAVE_ARGS, splitModelArgs, toInputExample, toSignature, type SplitArgs } from './model-args.js';
import { loadModelFromUri } from './load-model-from-uri.js';
import { saveFlavorFiles, type ModelFolderExtras } from './model-folder.js';
import type { ModelFlavor } from './model-flavor.js';
import { rejectPyfuncWorkflow } from './python-only-options.js';

const log = getLogger('kedro-mlflow.io.models');

/** MLflow's name for a model logged without one. */
export const DEFAULT_MODEL_NAME = 'model';

export interface MlflowModelTrackingDatasetOptions {
  /** A registered flavor name (`object`), `<module>#<Export>`, or a flavor object. */
  flavor: string | ModelFlavor;
  /** `model_uri` (what to load) and the flavor's load options. */
  load_args?: Record<string, unknown> | undefined;
  /**
   * `name`, `registered_model_name`, `registered_model_aliases`, `signature`, `input_example`,
   * `metadata`, `params`, `tags`, `step`, `model_type`, `pip_requirements`, and the flavor's save options.
   */
  save_args?: Record<string, unknown> | undefined;
  metadata?: Record<string, unknown> | undefined;
}

interface SavedModel {
  modelUri: string;
  modelId: string;
  runId: string | undefined;
}

function loadArgsOf(label: string, options: MlflowModelTrackingDatasetOptions): { modelUri: string | undefined; rest: unknown } {
  const args = options.load_args;
  if (args === null || typeof args !== 'object' || !('model_uri' in args)) return { modelUri: undefined, rest: args };
  const { model_uri: modelUri, ...rest } = args as Record<string, unknown>;
  if (modelUri === undefined || modelUri === null) return { modelUri: undefined, rest };
  const fail = (why: string): never => {
    throw new DatasetOptionError({ dataset: label, option: 'load_args', key: 'model_uri', message: `'load_args.model_uri' of dataset ${label} ${why}` });
  };
  if (typeof modelUri !== 'string') return fail(`must be a model URI string such as 'models:/my_model/1', got ${typeof modelUri}.`);
  try {
    parseModelUri(modelUri);
  } catch (error) {
    fail(`is not a model URI: ${(error as Error).message}`);
  }
  return { modelUri, rest };
}

/**
 * The logging switch (`loggingActivated`) and the label come from the MLflow datasets' base class;
 * its run options do not apply to logged models and are refused below.
 */
export class MlflowModelTrackingDataset<M = unknown> extends AbstractMlflowDataset<M, M> {
  static override readonly OPTION_KEYS: readonly string[] = ['flavor', 'load_args', 'save_args', 'metadata', 'pyfunc_workflow', 'run_id', 'load_run_id', 'save_run_id', 'artifact_path'];

  /** `load_args.model_uri`: what `load` reads; saving is refused while it is set. */
  readonly modelUri: string | undefined;
  private readonly flavorRef: FlavorReference;
  private readonly saveArgs: SplitArgs;
  private readonly loadArgs: SplitArgs;
  private readonly extras: ModelFolderExtras;
  private readonly name: string;
  private lastSaved: SavedModel | undefined;
  private readonly flavor: () => Promise<ModelFlavor>;

  constructor(options: MlflowModelTrackingDatasetOptions, context?: DatasetContext) {
    super(options, context, `${new.target.name}(flavor='${typeof options?.flavor === 'string' ? options.flavor : String(options?.flavor?.name)}')`);
    rejectPyfuncWorkflow(this.label, options);
    for (const removed of ['run_id', 'load_run_id', 'save_run_id', 'artifact_path'] as const) {
      if ((options as unknown as Record<string, unknown>)[removed] === undefined) continue;
      throw new DatasetOptionError({
        dataset: this.label,
        option: removed,
        message:
          `Dataset ${this.label} has '${removed}': MlflowModelTrackingDataset logs MLflow 3 logged models, which belong to an ` +
          "experiment rather than a run's artifacts (kedro-mlflow 2.0 removed the option too). Remove it: name the model with " +
          "'save_args.name', and load one with 'load_args.model_uri' (e.g. 'runs:/<run_id>/<name>' or 'models:/<model_id>').",
      });
    }
    this.flavorRef = flavorReference(this.label, options.flavor, context?.projectPath);
    const { modelUri, rest } = loadArgsOf(this.label, options);
    this.modelUri = modelUri;
    this.loadArgs = splitModelArgs(this.label, 'load_args', rest, {}, this.flavorRef.known);
    this.saveArgs = splitModelArgs(this.label, 'save_args', options.save_args, LOG_MODEL_SAVE_ARGS, this.flavorRef.known);
    this.extras = {
      signature: toSignature(this.label, this.saveArgs.own.signature),
      inputExample: toInputExample(this.saveArgs.own.input_example),
      metadata: this.saveArgs.own.metadata as ModelFolderExtras['metadata'],
    };
    const name = this.saveArgs.own.name as string | undefined;
    if (name === undefined && this.modelUri === undefined) {
      log.warn(
        "Dataset %s: it is highly recommended to specify 'name' in 'save_args' to log the model. Since you did not specify it, " +
          "the default name '%s' is used.",
        this.label,
        DEFAULT_MODEL_NAME,
      );
    }
    this.name = name ?? DEFAULT_MODEL_NAME;
    this.flavor = checkedFlavor(this.label, this.flavorRef, { save_args: this.saveArgs.flavor, load_args: this.loadArgs.flavor });
  }

  /** The URI `load` reads: `load_args.model_uri`, else the last model saved, else undefined. */
  get currentModelUri(): string | undefined {
    return this.modelUri ?? this.lastSaved?.modelUri;
  }

  private logOptions(dir: string, flavors: LogModelOptions['flavors'], runId: string | undefined): LogModelOptions {
    const own = this.saveArgs.own;
    const options: LogModelOptions = { name: this.name, localDir: dir, flavors };
    if (runId !== undefined) options.runId = runId;
    if (own.step !== undefined) options.step = own.step as number;
    if (this.extras.signature !== undefined) options.signature = this.extras.signature;
    if (this.extras.inputExample !== undefined) options.inputExample = this.extras.inputExample;
    if (this.extras.metadata !== undefined && this.extras.metadata !== null) options.metadata = this.extras.metadata;
    if (own.params !== undefined) options.params = own.params as Record<string, LoggableValue>;
    if (own.tags !== undefined) options.tags = own.tags as Record<string, LoggableValue>;
    if (own.model_type !== undefined) options.modelType = own.model_type as string;
    if (own.pip_requirements !== undefined) options.pipRequirements = own.pip_requirements as string[];
    if (own.registered_model_name !== undefined) options.registeredModelName = own.registered_model_name as string;
    if (own.registered_model_aliases !== undefined) options.registeredModelAliases = own.registered_model_aliases as string[];
    return options;
  }

  protected async _save(model: M): Promise<void> {
    if (this.muted) {
      log.debug('Dataset %s: MLflow logging is off, the model is not logged.', this.label);
      return;
    }
    if (this.modelUri !== undefined) {
      throw new ModelDatasetError({
        kind: 'save-with-model-uri',
        dataset: this.label,
        message:
          `It is impossible to save a model when 'model_uri' is specified (dataset ${this.label}, load_args.model_uri='${this.modelUri}'): ` +
          "a logged model cannot be overwritten. Specify 'model_uri' only to load an existing model; remove it to log new ones.",
      });
    }
    const flavor = await this.flavor();
    const dir = await mkdtemp(join(tmpdir(), 'kedro-mlflow-model-'));
    try {
      const flavors = await saveFlavorFiles(flavor, model, dir, this.saveArgs.flavor);
      const result = await withMlflowClient((client) => logModel(client, this.logOptions(dir, flavors, currentMlflowRun()?.runId)));
      this.lastSaved = { modelUri: result.modelUri, modelId: result.modelId, runId: result.runId };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  protected async _load(): Promise<M> {
    const uri = this.currentModelUri;
    if (uri === undefined) {
      throw new ModelDatasetError({
        kind: 'no-model-uri',
        dataset: this.label,
        message:
          `Cannot load dataset ${this.label}: to load from a given model_uri, you must either specify 'model_uri' in 'load_args' ` +
          "(e.g. 'models:/<model_id>', 'models:/<name>/<version>', 'runs:/<run_id>/<name>'), or have saved a model with this dataset before.",
      });
    }
    return (await loadModelFromUri(this.label, uri, await this.flavor(), this.loadArgs.flavor)) as M;
  }

  protected _describe(): Record<string, unknown> {
    const nonEmpty = (args: object): object | undefined => (Object.keys(args).length > 0 ? args : undefined);
    return {
      flavor: this.flavorRef.spec,
      load_args: nonEmpty(this.loadArgs.flavor),
      save_args: nonEmpty({ ...this.saveArgs.own, ...this.saveArgs.flavor }),
      name: this.name,
      model_uri: this.currentModelUri,
      model_id: this.lastSaved?.modelId,
      run_id: this.lastSaved?.runId,
    };
  }
}

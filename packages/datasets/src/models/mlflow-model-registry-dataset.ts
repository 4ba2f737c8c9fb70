/**
 * A registered model, read-only: `models:/<model_name>/<stage_or_version>` (a version number,
 * `latest` — the default — or a legacy stage such as `staging`) or `models:/<model_name>@<alias>`.
 * Without `flavor`, the model is loaded with the first flavor of its MLmodel that is registered here.
 * Loading logs which run the version came from, since `latest` or an alias does not say.
 */
import { AbstractDataset, getLogger, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import { modelAliasUri, modelVersionUri, parseModelUri, resolveModelUri } from '@kedro-mlflow/mlflow-client';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from '../file/show-value.js';
import { ModelDatasetError } from './errors/model-dataset-error.js';
import { flavorReference, type FlavorReference } from './flavor-reference.js';
import { checkedFlavor, splitModelArgs } from './model-args.js';
import { loadModelFromUri } from './load-model-from-uri.js';
import type { ModelFlavor } from './model-flavor.js';
import { datasetLabel, rejectPyfuncWorkflow } from './python-only-options.js';

const log = getLogger('kedro-mlflow.io.models');

export interface MlflowModelRegistryDatasetOptions {
  model_name: string;
  /** A version number, `latest` (the default) or a legacy stage (`staging`, `production`). Not with `alias`. */
  stage_or_version?: string | number | null | undefined;
  /** An alias of the registered model (`champion`). Not with `stage_or_version`. */
  alias?: string | null | undefined;
  /** Default: the model's own flavor (the first of its MLmodel that is registered). */
  flavor?: string | ModelFlavor | undefined;
  load_args?: Record<string, unknown> | undefined;
  metadata?: Record<string, unknown> | undefined;
}

const isGiven = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

export class MlflowModelRegistryDataset<M = unknown> extends AbstractDataset<M, unknown> {
  static override readonly OPTION_KEYS: readonly string[] = ['model_name', 'stage_or_version', 'alias', 'flavor', 'load_args', 'metadata', 'pyfunc_workflow'];

  readonly label: string;
  readonly modelName: string;
  readonly stageOrVersion: string | undefined;
  readonly alias: string | undefined;
  /** `models:/<model_name>@<alias>` or `models:/<model_name>/<stage_or_version>`. */
  readonly modelUri: string;
  private readonly flavorRef: FlavorReference | undefined;
  private readonly loadArgs: Record<string, unknown>;
  private readonly flavor: () => Promise<ModelFlavor | undefined>;

  constructor(options: MlflowModelRegistryDatasetOptions, context?: DatasetContext) {
    super(options);
    const name = options?.model_name;
    this.label = datasetLabel(new.target.name, context?.name, `model_name=${showValue(name)}`);
    const fail = (option: string, message: string): never => {
      throw new DatasetOptionError({ dataset: this.label, option, message });
    };
    if (typeof name !== 'string' || name.trim() === '') fail('model_name', `Dataset ${this.label} needs 'model_name': the name of a registered model (got ${showValue(name)}).`);
    rejectPyfuncWorkflow(this.label, options);
    const { stage_or_version: stageOrVersion, alias } = options;
    if (isGiven(alias) && isGiven(stageOrVersion)) {
      fail(
        'alias',
        `You cannot specify 'alias' and 'stage_or_version' simultaneously (dataset ${this.label}: alias=${showValue(alias)} and ` +
          `stage_or_version=${showValue(stageOrVersion)}). Keep one: an alias, or a version number / 'latest'.`,
      );
    }
    if (isGiven(alias) && typeof alias !== 'string') fail('alias', `'alias' of dataset ${this.label} must be a string, got ${showValue(alias)}.`);
    if (isGiven(stageOrVersion) && typeof stageOrVersion !== 'string' && !(Number.isInteger(stageOrVersion) && (stageOrVersion as number) > 0)) {
      fail('stage_or_version', `'stage_or_version' of dataset ${this.label} must be a version number, 'latest' or a stage name, got ${showValue(stageOrVersion)}.`);
    }
    this.modelName = name;
    this.alias = isGiven(alias) ? (alias as string) : undefined;
    this.stageOrVersion = this.alias !== undefined ? undefined : isGiven(stageOrVersion) ? String(stageOrVersion) : 'latest';
    this.modelUri = this.alias !== undefined ? modelAliasUri(name, this.alias) : modelVersionUri(name, this.stageOrVersion!);
    try {
      parseModelUri(this.modelUri);
    } catch (error) {
      fail(this.alias !== undefined ? 'alias' : 'stage_or_version', `Dataset ${this.label} does not name a registered model version: ${(error as Error).message}`);
    }
    this.flavorRef = options.flavor === undefined || options.flavor === null ? undefined : flavorReference(this.label, options.flavor, context?.projectPath);
    this.loadArgs = splitModelArgs(this.label, 'load_args', options.load_args, {}, this.flavorRef?.known).flavor;
    const ref = this.flavorRef;
    this.flavor = ref === undefined ? () => Promise.resolve(undefined) : checkedFlavor(this.label, ref, { load_args: this.loadArgs });
  }

  protected async _load(): Promise<M> {
    const model = await loadModelFromUri(this.label, this.modelUri, await this.flavor(), this.loadArgs, async (client) => {
      const location = await resolveModelUri(client, this.modelUri);
      if (location.runId !== undefined) log.info("Loading model from run_id='%s' (%s, version %s)", location.runId, this.modelUri, location.version);
      else log.info('Loading model %s (version %s, logged without a run)', this.modelUri, location.version);
      // The version just resolved, so that a new `latest` or a moved alias cannot slip in between.
      return location.version === undefined ? this.modelUri : modelVersionUri(this.modelName, location.version);
    });
    return model as M;
  }

  protected _save(): never {
    throw new ModelDatasetError({
      kind: 'read-only',
      dataset: this.label,
      message:
        `The 'save' method is not implemented for MlflowModelRegistryDataset (dataset ${this.label}): it only loads registered models. ` +
        "To save and register a model in the same step, use MlflowModelTrackingDataset with save_args: {registered_model_name: 'my_model'}.",
    });
  }

  protected _describe(): Record<string, unknown> {
    return {
      model_uri: this.modelUri,
      model_name: this.modelName,
      stage_or_version: this.stageOrVersion,
      alias: this.alias,
      flavor: this.flavorRef?.spec,
      load_args: Object.keys(this.loadArgs).length > 0 ? this.loadArgs : undefined,
    };
  }
}

/**
 * A model folder on local disk (MLflow's `save_model` / `load_model` with a local path): the
 * flavor's files plus an MLmodel file, versioned like kedro's file datasets. It never talks to a
 * tracking server. Wrap it in MlflowArtifactDataset to also upload the folder to a run.
 *
 * A save goes to a new folder beside the target, which then replaces it: a failing save leaves the
 * previous model as it was (MLflow refuses to save over a folder; kedro-mlflow deletes it first).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AbstractVersionedDataset, type DatasetContext, type VersionedDatasetOptions } from '@kedro-mlflow/core-pipeline';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { markLocalPathDataset, type LocalPathDataset } from '../file/local-path-dataset.js';
import { flavorReference, type FlavorReference } from './flavor-reference.js';
import { checkedFlavor, MODEL_SAVE_ARGS, splitModelArgs, toInputExample, toSignature, type SplitArgs } from './model-args.js';
import { loadModelFolder, writeModelFolder, type ModelFolderExtras } from './model-folder.js';
import type { ModelFlavor } from './model-flavor.js';
import { datasetLabel, rejectPyfuncWorkflow } from './python-only-options.js';

export interface MlflowModelLocalFileSystemDatasetOptions extends VersionedDatasetOptions {
  /** A registered flavor name (`object`), `<module>#<Export>`, or a flavor object. */
  flavor: string | ModelFlavor;
  /** The flavor's load options. */
  load_args?: Record<string, unknown> | undefined;
  /** `signature`, `input_example`, `metadata`, and the flavor's save options. */
  save_args?: Record<string, unknown> | undefined;
}

export class MlflowModelLocalFileSystemDataset<M = unknown>
  extends AbstractVersionedDataset<M, M>
  implements LocalPathDataset<M, M>
{
  static override readonly OPTION_KEYS: readonly string[] = ['filepath', 'flavor', 'load_args', 'save_args', 'version', 'metadata', 'log_args', 'pyfunc_workflow'];

  readonly localPathKind = 'folder' as const;
  readonly label: string;
  private readonly flavorRef: FlavorReference;
  private readonly saveArgs: SplitArgs;
  private readonly loadArgs: SplitArgs;
  private readonly extras: ModelFolderExtras;
  private readonly flavor: () => Promise<ModelFlavor>;

  constructor(options: MlflowModelLocalFileSystemDatasetOptions, context?: DatasetContext) {
    super(options);
    this.label = datasetLabel(new.target.name, context?.name, `filepath='${this.filepath}'`);
    rejectPyfuncWorkflow(this.label, options);
    if ((options as { log_args?: unknown }).log_args !== undefined) {
      throw new DatasetOptionError({
        dataset: this.label,
        option: 'log_args',
        message:
          `Dataset ${this.label} has 'log_args', but a local model folder is never logged, so they would have no effect. ` +
          "To log the model, use MlflowModelTrackingDataset (save_args: name, registered_model_name) or wrap this dataset " +
          "in MlflowArtifactDataset; then remove 'log_args'.",
      });
    }
    this.flavorRef = flavorReference(this.label, options.flavor, context?.projectPath);
    this.saveArgs = splitModelArgs(this.label, 'save_args', options.save_args, MODEL_SAVE_ARGS, this.flavorRef.known);
    this.loadArgs = splitModelArgs(this.label, 'load_args', options.load_args, {}, this.flavorRef.known);
    this.extras = {
      signature: toSignature(this.label, this.saveArgs.own.signature),
      inputExample: toInputExample(this.saveArgs.own.input_example),
      metadata: this.saveArgs.own.metadata as ModelFolderExtras['metadata'],
    };
    this.flavor = checkedFlavor(this.label, this.flavorRef, { save_args: this.saveArgs.flavor, load_args: this.loadArgs.flavor });
  }

  getLocalPath(mode: 'load' | 'save'): Promise<string> {
    return mode === 'load' ? this.getLoadPath() : this.getSavePath();
  }

  async loadFrom(path: string): Promise<M> {
    return (await loadModelFolder(this.label, path, path, await this.flavor(), this.loadArgs.flavor)) as M;
  }

  async saveTo(path: string, model: M): Promise<void> {
    const flavor = await this.flavor();
    const staging = join(dirname(path), `.${basename(path)}.saving-${randomBytes(4).toString('hex')}`);
    await mkdir(staging, { recursive: true });
    try {
      await writeModelFolder(flavor, model, staging, this.saveArgs.flavor, this.extras);
      await rm(path, { recursive: true, force: true });
      await rename(staging, path);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  protected async _load(): Promise<M> {
    return this.loadFrom(await this.getLoadPath());
  }

  protected async _save(model: M): Promise<void> {
    await this.saveTo(await this.getSavePath(), model);
  }

  protected _describe(): Record<string, unknown> {
    const nonEmpty = (args: SplitArgs): object | undefined => {
      const all = { ...args.own, ...args.flavor };
      return Object.keys(all).length > 0 ? all : undefined;
    };
    return { filepath: this.filepath, flavor: this.flavorRef.spec, load_args: nonEmpty(this.loadArgs), save_args: nonEmpty(this.saveArgs), version: this.version };
  }
}

markLocalPathDataset(MlflowModelLocalFileSystemDataset.prototype);

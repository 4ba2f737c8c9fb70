/**
 * `MlflowArtifactDataset`: wraps a file or folder dataset and logs what it saves as an artifact of
 * the MLflow run. `dataset: {type: CSVDataset, filepath: …}` is the wrapped dataset's own catalog
 * entry; `artifact_path` the folder in the run's artifacts.
 *
 * save: the wrapped dataset saves locally, then the file (the current version's file when
 * versioned) or the folder is uploaded to `save_run_id` / `run_id`, else to the pipeline run —
 * inside a pipeline run through its tracking, in the background: the save returns once the upload
 * started, so the next node does not wait for it; the run's end status waits for every upload, a
 * private copy goes to the journal while the server is unreachable (uploaded when it answers
 * again; while the server is known to be down the save waits for that copy, so the file may change
 * afterwards), and a failed upload is logged as an error naming the dataset. A kedro dataset is written
 * once per run; when it is saved again, the save first waits for the previous upload, so the file
 * is never rewritten while it is being read. With
 * no run at all (outside a pipeline run, no id) the data is saved locally only, with a warning: no
 * run is created for you. Logging switched off or tracking disabled for the pipeline: local only.
 *
 * load: from `load_run_id` / `run_id` when given, the run's copy is downloaded over the local path
 * first (see artifact-download.ts); otherwise a plain local load.
 *
 * A wrapper object rather than kedro-mlflow's dynamically made subclass, so the dataset needs no
 * class made at run time (kedro-mlflow #624); the wrapped dataset is `.dataset`.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  AbstractDataset,
  datasetFromConfig,
  getLogger,
  isDatasetClass,
  isPlainObject,
  resolveDatasetTypeSync,
  type DatasetClass,
  type DatasetContext,
  type Version,
} from '@kedro-mlflow/core-pipeline';
import { joinArtifactPath, normalizeArtifactPath } from '@kedro-mlflow/mlflow-client';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from '../file/show-value.js';
import { downloadOver } from './artifact-download.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';
import { hasLocalTarget, loadPath, remotePath, savedPath } from './local-target.js';
import { AbstractMlflowDataset, RUN_OPTION_KEYS, type MlflowRunOptions } from './mlflow-dataset.js';
import { serverKnownDown } from './run-client.js';
import { wrappableDatasetTypes } from './wrappable-types.js';

const log = getLogger('kedro-mlflow.datasets');

export interface MlflowArtifactDatasetOptions extends MlflowRunOptions {
  /** The wrapped dataset's catalog entry: `{type, ...its options}` (`versioned: true` included). */
  dataset: Record<string, unknown>;
  /** Folder of the run's artifacts the file or folder goes in (default: the root). */
  artifact_path?: string | undefined;
  /** Given to the wrapped dataset when its own entry has none (kedro-mlflow ignored it, §9.2 item 9). Never printed. */
  credentials?: unknown;
  /** Injected by the catalog for `versioned: true` on this entry: the wrapped dataset is versioned with the catalog's versions. */
  version?: Version | undefined;
}

function lastSegment(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

export class MlflowArtifactDataset<TLoad = unknown, TSave = TLoad> extends AbstractMlflowDataset<TLoad, TSave> {
  static override readonly OPTION_KEYS: readonly string[] = ['dataset', 'artifact_path', 'credentials', 'version', ...RUN_OPTION_KEYS];

  /** The wrapped dataset. */
  readonly dataset: AbstractDataset<TLoad, TSave>;
  /** Normalised (`''`: the root of the run's artifacts). */
  readonly artifactPath: string;

  constructor(options: MlflowArtifactDatasetOptions, context?: DatasetContext) {
    super(options, context, 'MlflowArtifactDataset');
    const fail = (option: string, message: string): DatasetOptionError => new DatasetOptionError({ dataset: this.label, option, message: `Dataset ${this.label}: ${message}` });
    const inner: unknown = options?.dataset;
    if (!isPlainObject(inner) || inner.type === undefined || inner.type === null || inner.type === '') {
      throw fail('dataset', `'dataset' must be the wrapped dataset's entry, {type: CSVDataset, filepath: …}, got ${showValue(inner)}.`);
    }
    try {
      this.artifactPath = normalizeArtifactPath(options.artifact_path);
    } catch (error) {
      throw fail('artifact_path', (error as Error).message);
    }
    const cls = this.#resolveType(inner.type, context, fail);
    const config: Record<string, unknown> = { ...inner, type: cls };
    const takesCredentials = cls.OPTION_KEYS?.includes('credentials') ?? true;
    if (options.credentials !== undefined && config.credentials === undefined && takesCredentials) config.credentials = options.credentials;
    if (options.version !== undefined) config.versioned = true;
    this.dataset = datasetFromConfig(context?.name ?? 'artifact', config, {
      loadVersion: options.version?.load,
      saveVersion: options.version?.save,
      projectPath: context?.projectPath,
    }) as AbstractDataset<TLoad, TSave>;
    const remote = remotePath(this.dataset);
    if (remote !== undefined) {
      throw new MlflowDatasetError({
        kind: 'not-a-file-dataset',
        dataset: this.label,
        message:
          `MlflowArtifactDataset ${this.label} wraps a dataset stored at '${remote}', not on local disk: an artifact dataset logs a local file or folder. ` +
          "Point the wrapped dataset at a local path; to keep the artifacts themselves in S3, give the MLflow server an s3:// artifact root.",
      });
    }
    if (!hasLocalTarget(this.dataset)) {
      throw new MlflowDatasetError({
        kind: 'not-a-file-dataset',
        dataset: this.label,
        message:
          `MlflowArtifactDataset ${this.label} wraps a ${cls.name}, which keeps no local file or folder to log as an artifact. ` +
          "Wrap a file dataset (CSVDataset, JSONDataset, PickleDataset, …), a PartitionedDataset, or a dataset with a 'filepath' or 'path'; " +
          'log numbers with MlflowMetricDataset instead.',
      });
    }
  }

  #resolveType(type: unknown, context: DatasetContext | undefined, fail: (option: string, message: string) => DatasetOptionError): DatasetClass {
    if (isDatasetClass(type)) return type;
    if (typeof type === 'string') {
      const own = wrappableDatasetTypes[type] ?? wrappableDatasetTypes[lastSegment(type)];
      if (own !== undefined) return own;
    }
    try {
      return resolveDatasetTypeSync(type, { projectPath: context?.projectPath });
    } catch (error) {
      throw fail('dataset', `the wrapped dataset's type cannot be used: ${(error as Error).message}`);
    }
  }

  /** The upload of the last save inside a pipeline run, not awaited by it (never rejects). */
  #upload: Promise<void> | undefined;

  protected async _save(data: TSave): Promise<void> {
    await this.#upload; // the file of the previous save is not rewritten while it is uploaded
    await this.dataset.save(data);
    if (this.muted) return;
    const runId = this.resolveRunId('save');
    if (runId === undefined) {
      log.warn("Dataset %s was saved locally only: there is no MLflow run to log it to. Give 'run_id' (or 'save_run_id'), or save it inside a pipeline run tracked by MlflowHook.", this.label);
      return;
    }
    const local = savedPath(this.dataset);
    const folder = (await stat(local)).isDirectory();
    const artifactPath = folder ? joinArtifactPath(this.artifactPath, basename(local)) : this.artifactPath === '' ? undefined : this.artifactPath;
    // In a pipeline run: uploaded in the background (the run's end waits for it), or kept (a private
    // copy) in the run's journal while the server is unreachable.
    const logger = this.saveLogger(runId);
    if (logger !== undefined) {
      const upload = folder ? logger.logArtifacts(local, artifactPath) : logger.logArtifact(local, artifactPath);
      // Known outage: the journal's private copy is taken now, so the file may change once the save returned.
      if (serverKnownDown()) return upload;
      this.#upload = upload.catch((error: unknown) =>
        log.error("Dataset %s: the upload of '%s' to the MLflow run '%s' failed: %s. Save it again, or log the file yourself.", this.label, local, runId, (error as Error)?.message ?? String(error)),
      );
    } else await this.withClient((client) => (folder ? client.logArtifacts(runId, local, artifactPath) : client.logArtifact(runId, local, artifactPath)));
  }

  protected async _load(): Promise<TLoad> {
    await this.#upload; // a load right after a save reads what that save uploaded
    const runId = this.explicitRunId('load');
    if (runId !== undefined) {
      const local = await loadPath(this.dataset);
      const artifact = joinArtifactPath(this.artifactPath, basename(local));
      await this.withClient((client) => downloadOver({ client, runId, artifact, dataset: this.label }, local));
    }
    return this.dataset.load();
  }

  protected override _exists(): Promise<boolean> {
    return this.dataset.exists();
  }

  protected override _release(): Promise<void> {
    return this.dataset.release();
  }

  /** The wrapped dataset's description (its own `_describe` keeps credentials out) and the run options. */
  protected _describe(): Record<string, unknown> {
    return {
      dataset: this.dataset,
      artifact_path: this.artifactPath === '' ? undefined : this.artifactPath,
      run_id: this.runId,
      load_run_id: this.loadRunId,
      save_run_id: this.saveRunId,
    };
  }
}

/**
 * The embedded store: tracking data, logged models and the model registry in an `mlruns` folder,
 * in the layout of MLflow's own file store (`mlflow/store/tracking/file_store.py` and
 * `mlflow/store/model_registry/file_store.py` in https://github.com/mlflow/mlflow), so
 * `mlflow ui --backend-store-uri ./mlruns` (with `MLFLOW_ALLOW_FILE_STORE=true` on MLflow ≥ 3.13)
 * and Python's `MlflowClient` read what we write, and we read what they write. Errors carry the codes a tracking server would answer.
 *
 * Safe with several writer processes: files are replaced atomically, metric lines appended whole
 * with `O_APPEND`, params and registry names claimed with atomic exclusive creates, and
 * experiment names kept unique under a lock file.
 */
import type { PagedList, SearchOptions, ViewType } from '../../entities/common.js';
import type { LoggedModel, LoggedModelStatus } from '../../entities/logged-model.js';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '../../entities/registry.js';
import type { DatasetInput, Experiment, Metric, Param, Run, RunInfo, RunTag } from '../../entities/tracking.js';
import type { CreateModelVersionOptions, RegistryStore } from '../registry-store.js';
import type { CreateLoggedModelOptions, CreateRunOptions, LogBatch, SearchLoggedModelsOptions, TrackingStore, UpdateRunOptions } from '../tracking-store.js';
import { FileContext } from './context.js';
import { Experiments } from './experiments.js';
import { LoggedModels } from './logged-models.js';
import { ModelVersions } from './model-versions.js';
import { RegisteredModels } from './registered-models.js';
import { RegistryFiles } from './registry-files.js';
import { RunLogging } from './run-logging.js';
import { searchRuns } from './run-search.js';
import { Runs } from './runs.js';

export class FileStore implements TrackingStore, RegistryStore {
  /** `file:///abs/path/mlruns` */
  readonly trackingUri: string;
  /** Absolute path of the mlruns folder. */
  readonly rootDir: string;

  private readonly ctx: FileContext;
  private readonly experiments: Experiments;
  private readonly runs: Runs;
  private readonly logging: RunLogging;
  private readonly models: LoggedModels;
  private readonly registered: RegisteredModels;
  private readonly versions: ModelVersions;

  /** `root`: a path (relative to the cwd) or `file://` URI of the mlruns folder; created on first use. */
  constructor(root: string) {
    this.ctx = new FileContext(root);
    this.rootDir = this.ctx.layout.root;
    this.trackingUri = this.ctx.layout.rootUri;
    this.experiments = new Experiments(this.ctx);
    this.runs = new Runs(this.ctx, this.experiments);
    this.logging = new RunLogging(this.ctx, this.runs);
    this.models = new LoggedModels(this.ctx, this.experiments);
    const files = new RegistryFiles(this.ctx);
    this.registered = new RegisteredModels(this.ctx, files);
    this.versions = new ModelVersions(this.ctx, files, this.models);
  }

  /** Creates the folder, the Default experiment `0` and `.trash` if needed (done lazily anyway). */
  init(): Promise<void> {
    return this.ctx.ready();
  }

  // ------------------------------------------------------------------ experiments
  createExperiment(name: string, options?: { artifactLocation?: string; tags?: Record<string, string> }): Promise<string> {
    return this.experiments.create(name, options);
  }
  getExperiment(experimentId: string): Promise<Experiment> {
    return this.experiments.get(experimentId);
  }
  getExperimentByName(name: string): Promise<Experiment | undefined> {
    return this.experiments.getByName(name);
  }
  searchExperiments(options?: SearchOptions & { viewType?: ViewType }): Promise<PagedList<Experiment>> {
    return this.experiments.search(options);
  }
  deleteExperiment(experimentId: string): Promise<void> {
    return this.experiments.delete(experimentId);
  }
  restoreExperiment(experimentId: string): Promise<void> {
    return this.experiments.restore(experimentId);
  }
  renameExperiment(experimentId: string, newName: string): Promise<void> {
    return this.experiments.rename(experimentId, newName);
  }
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    return this.experiments.setTag(experimentId, key, value);
  }
  deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    return this.experiments.deleteTag(experimentId, key);
  }

  // ------------------------------------------------------------------ runs
  createRun(options: CreateRunOptions): Promise<Run> {
    return this.runs.create(options);
  }
  getRun(runId: string): Promise<Run> {
    return this.runs.get(runId);
  }
  updateRun(runId: string, changes: UpdateRunOptions): Promise<RunInfo> {
    return this.runs.update(runId, changes);
  }
  deleteRun(runId: string): Promise<void> {
    return this.runs.delete(runId);
  }
  restoreRun(runId: string): Promise<void> {
    return this.runs.restore(runId);
  }
  searchRuns(options: SearchOptions & { experimentIds: string[]; runViewType?: ViewType }): Promise<PagedList<Run>> {
    return searchRuns(this.ctx, options);
  }

  logMetric(runId: string, metric: Metric): Promise<void> {
    return this.logging.logMetric(runId, metric);
  }
  logParam(runId: string, param: Param): Promise<void> {
    return this.logging.logParam(runId, param);
  }
  setTag(runId: string, tag: RunTag): Promise<void> {
    return this.logging.setTag(runId, tag);
  }
  deleteTag(runId: string, key: string): Promise<void> {
    return this.logging.deleteTag(runId, key);
  }
  logBatch(runId: string, batch: LogBatch): Promise<void> {
    return this.logging.logBatch(runId, batch);
  }
  getMetricHistory(runId: string, key: string, options?: { maxResults?: number; pageToken?: string }): Promise<PagedList<Metric>> {
    return this.logging.getMetricHistory(runId, key, options);
  }
  logInputs(runId: string, inputs: { datasets?: DatasetInput[]; models?: Array<{ modelId: string }> }): Promise<void> {
    return this.logging.logInputs(runId, inputs);
  }
  logOutputs(runId: string, models: Array<{ modelId: string; step: number }>): Promise<void> {
    return this.logging.logOutputs(runId, models);
  }

  // ------------------------------------------------------------------ logged models
  createLoggedModel(options: CreateLoggedModelOptions): Promise<LoggedModel> {
    return this.models.create(options);
  }
  getLoggedModel(modelId: string, options?: { allowDeleted?: boolean }): Promise<LoggedModel> {
    return this.models.get(modelId, options);
  }
  finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return this.models.finalize(modelId, status);
  }
  deleteLoggedModel(modelId: string): Promise<void> {
    return this.models.delete(modelId);
  }
  setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void> {
    return this.models.setTags(modelId, tags);
  }
  deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    return this.models.deleteTag(modelId, key);
  }
  logLoggedModelParams(modelId: string, params: Record<string, string>): Promise<void> {
    return this.models.logParams(modelId, params);
  }
  searchLoggedModels(options: SearchLoggedModelsOptions): Promise<PagedList<LoggedModel>> {
    return this.models.search(options);
  }

  // ------------------------------------------------------------------ registry
  createRegisteredModel(name: string, options?: { tags?: Record<string, string>; description?: string }): Promise<RegisteredModel> {
    return this.registered.create(name, options);
  }
  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return this.registered.get(name);
  }
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return this.registered.rename(name, newName);
  }
  updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    return this.registered.update(name, description);
  }
  deleteRegisteredModel(name: string): Promise<void> {
    return this.registered.delete(name);
  }
  searchRegisteredModels(options?: SearchOptions): Promise<PagedList<RegisteredModel>> {
    return this.registered.search(options);
  }
  getLatestVersions(name: string, stages?: ModelVersionStage[]): Promise<ModelVersion[]> {
    return this.registered.latestVersions(name, stages);
  }
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    return this.registered.setTag(name, key, value);
  }
  deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    return this.registered.deleteTag(name, key);
  }
  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    return this.registered.setAlias(name, alias, version);
  }
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    return this.registered.deleteAlias(name, alias);
  }
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return this.registered.versionByAlias(name, alias);
  }

  createModelVersion(options: CreateModelVersionOptions): Promise<ModelVersion> {
    return this.versions.create(options);
  }
  getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return this.versions.get(name, version);
  }
  updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    return this.versions.update(name, version, description);
  }
  transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage, archiveExistingVersions?: boolean): Promise<ModelVersion> {
    return this.versions.transition(name, version, stage, archiveExistingVersions);
  }
  deleteModelVersion(name: string, version: string): Promise<void> {
    return this.versions.delete(name, version);
  }
  searchModelVersions(options?: SearchOptions): Promise<PagedList<ModelVersion>> {
    return this.versions.search(options);
  }
  getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return this.versions.downloadUri(name, version);
  }
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    return this.versions.setTag(name, version, key, value);
  }
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    return this.versions.deleteTag(name, version, key);
  }
}

/**
 * `RestStore`: tracking, logged models and the model registry of a real MLflow server, over its
 * REST API. Shaped like `FileStore`: a tracking part (`RestTrackingStore`) and a registry part
 * (`RestRegistryStore`) over one `MlflowHttpApi`, composed here. Errors are `MlflowApiError` (what
 * the server answered) or `MlflowConnectionError` / `MlflowTimeoutError` (nothing answered after
 * every retry).
 *
 * Who made the transport closes it: a store given a transport (`new RestStore(uri, transport)`,
 * as `MlflowClient` does with the one it shares with its artifact repositories) leaves it open on
 * `close()`; a store given options (or nothing) made its own and closes it.
 */
import type { FileInfo, PagedList, SearchOptions, ViewType } from '../../entities/common.js';
import type { LoggedModel, LoggedModelStatus } from '../../entities/logged-model.js';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '../../entities/registry.js';
import type { DatasetInput, Experiment, Metric, Param, Run, RunInfo, RunTag } from '../../entities/tracking.js';
import type { CreateModelVersionOptions, RegistryStore } from '../registry-store.js';
import type { CreateLoggedModelOptions, CreateRunOptions, LogBatch, SearchLoggedModelsOptions, TrackingStore, UpdateRunOptions } from '../tracking-store.js';
import type { HttpOptions } from './http-options.js';
import { HttpTransport } from './http-transport.js';
import { MlflowHttpApi } from './mlflow-http-api.js';
import { RestRegistryStore } from './rest-registry-store.js';
import { RestTrackingStore } from './rest-tracking-store.js';

/** Either options for a transport the store makes (and closes), or a caller's transport to share (left open). */
export type RestStoreHttp = HttpOptions | HttpTransport;

export class RestStore implements TrackingStore, RegistryStore {
  /** The server's base URL (a path prefix kept, no credentials). */
  readonly trackingUri: string;
  /** The JSON calls to the server, through this store's transport. */
  readonly api: MlflowHttpApi;
  /** Whether `close()` closes the transport: only when this store made it. */
  readonly ownsTransport: boolean;

  private readonly tracking: RestTrackingStore;
  private readonly registry: RestRegistryStore;

  constructor(trackingUri: string, http: RestStoreHttp = {}) {
    this.ownsTransport = !(http instanceof HttpTransport);
    const transport = http instanceof HttpTransport ? http : new HttpTransport(http);
    this.api = new MlflowHttpApi(trackingUri, transport);
    this.trackingUri = this.api.baseUrl;
    this.tracking = new RestTrackingStore(this.api);
    this.registry = new RestRegistryStore(this.api);
  }

  /** Closes the transport if this store made it (a shared one stays usable); the store must not be used afterwards. */
  async close(): Promise<void> {
    if (this.ownsTransport) await this.api.transport.close();
  }

  // ------------------------------------------------------------------ experiments
  createExperiment(name: string, options?: { artifactLocation?: string; tags?: Record<string, string> }): Promise<string> {
    return this.tracking.createExperiment(name, options);
  }
  getExperiment(experimentId: string): Promise<Experiment> {
    return this.tracking.getExperiment(experimentId);
  }
  getExperimentByName(name: string): Promise<Experiment | undefined> {
    return this.tracking.getExperimentByName(name);
  }
  searchExperiments(options?: SearchOptions & { viewType?: ViewType }): Promise<PagedList<Experiment>> {
    return this.tracking.searchExperiments(options);
  }
  deleteExperiment(experimentId: string): Promise<void> {
    return this.tracking.deleteExperiment(experimentId);
  }
  restoreExperiment(experimentId: string): Promise<void> {
    return this.tracking.restoreExperiment(experimentId);
  }
  renameExperiment(experimentId: string, newName: string): Promise<void> {
    return this.tracking.renameExperiment(experimentId, newName);
  }
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    return this.tracking.setExperimentTag(experimentId, key, value);
  }
  deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    return this.tracking.deleteExperimentTag(experimentId, key);
  }

  // ------------------------------------------------------------------ runs
  createRun(options: CreateRunOptions): Promise<Run> {
    return this.tracking.createRun(options);
  }
  getRun(runId: string): Promise<Run> {
    return this.tracking.getRun(runId);
  }
  updateRun(runId: string, changes: UpdateRunOptions): Promise<RunInfo> {
    return this.tracking.updateRun(runId, changes);
  }
  deleteRun(runId: string): Promise<void> {
    return this.tracking.deleteRun(runId);
  }
  restoreRun(runId: string): Promise<void> {
    return this.tracking.restoreRun(runId);
  }
  searchRuns(options: SearchOptions & { experimentIds: string[]; runViewType?: ViewType }): Promise<PagedList<Run>> {
    return this.tracking.searchRuns(options);
  }

  // ------------------------------------------------------------------ logging
  logMetric(runId: string, metric: Metric): Promise<void> {
    return this.tracking.logMetric(runId, metric);
  }
  logParam(runId: string, param: Param): Promise<void> {
    return this.tracking.logParam(runId, param);
  }
  setTag(runId: string, tag: RunTag): Promise<void> {
    return this.tracking.setTag(runId, tag);
  }
  deleteTag(runId: string, key: string): Promise<void> {
    return this.tracking.deleteTag(runId, key);
  }
  logBatch(runId: string, batch: LogBatch): Promise<void> {
    return this.tracking.logBatch(runId, batch);
  }
  getMetricHistory(runId: string, key: string, options?: { maxResults?: number; pageToken?: string }): Promise<PagedList<Metric>> {
    return this.tracking.getMetricHistory(runId, key, options);
  }
  logInputs(runId: string, inputs: { datasets?: DatasetInput[]; models?: Array<{ modelId: string }> }): Promise<void> {
    return this.tracking.logInputs(runId, inputs);
  }
  logOutputs(runId: string, models: Array<{ modelId: string; step: number }>): Promise<void> {
    return this.tracking.logOutputs(runId, models);
  }

  // ------------------------------------------------------------------ logged models
  createLoggedModel(options: CreateLoggedModelOptions): Promise<LoggedModel> {
    return this.tracking.createLoggedModel(options);
  }
  getLoggedModel(modelId: string, options?: { allowDeleted?: boolean }): Promise<LoggedModel> {
    return this.tracking.getLoggedModel(modelId, options);
  }
  finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return this.tracking.finalizeLoggedModel(modelId, status);
  }
  deleteLoggedModel(modelId: string): Promise<void> {
    return this.tracking.deleteLoggedModel(modelId);
  }
  setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void> {
    return this.tracking.setLoggedModelTags(modelId, tags);
  }
  deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    return this.tracking.deleteLoggedModelTag(modelId, key);
  }
  logLoggedModelParams(modelId: string, params: Record<string, string>): Promise<void> {
    return this.tracking.logLoggedModelParams(modelId, params);
  }
  searchLoggedModels(options: SearchLoggedModelsOptions): Promise<PagedList<LoggedModel>> {
    return this.tracking.searchLoggedModels(options);
  }

  // ------------------------------------------------------------------ artifacts
  listRunArtifacts(runId: string, path?: string, pageToken?: string): Promise<{ rootUri: string; files: FileInfo[]; nextPageToken?: string }> {
    return this.tracking.listRunArtifacts(runId, path, pageToken);
  }

  // ------------------------------------------------------------------ registered models
  createRegisteredModel(name: string, options?: { tags?: Record<string, string>; description?: string }): Promise<RegisteredModel> {
    return this.registry.createRegisteredModel(name, options);
  }
  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return this.registry.getRegisteredModel(name);
  }
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return this.registry.renameRegisteredModel(name, newName);
  }
  updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    return this.registry.updateRegisteredModel(name, description);
  }
  deleteRegisteredModel(name: string): Promise<void> {
    return this.registry.deleteRegisteredModel(name);
  }
  searchRegisteredModels(options?: SearchOptions): Promise<PagedList<RegisteredModel>> {
    return this.registry.searchRegisteredModels(options);
  }
  getLatestVersions(name: string, stages?: ModelVersionStage[]): Promise<ModelVersion[]> {
    return this.registry.getLatestVersions(name, stages);
  }
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    return this.registry.setRegisteredModelTag(name, key, value);
  }
  deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    return this.registry.deleteRegisteredModelTag(name, key);
  }
  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    return this.registry.setRegisteredModelAlias(name, alias, version);
  }
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    return this.registry.deleteRegisteredModelAlias(name, alias);
  }
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return this.registry.getModelVersionByAlias(name, alias);
  }

  // ------------------------------------------------------------------ model versions
  createModelVersion(options: CreateModelVersionOptions): Promise<ModelVersion> {
    return this.registry.createModelVersion(options);
  }
  getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return this.registry.getModelVersion(name, version);
  }
  updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    return this.registry.updateModelVersion(name, version, description);
  }
  transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage, archiveExistingVersions?: boolean): Promise<ModelVersion> {
    return this.registry.transitionModelVersionStage(name, version, stage, archiveExistingVersions);
  }
  deleteModelVersion(name: string, version: string): Promise<void> {
    return this.registry.deleteModelVersion(name, version);
  }
  searchModelVersions(options?: SearchOptions): Promise<PagedList<ModelVersion>> {
    return this.registry.searchModelVersions(options);
  }
  getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return this.registry.getModelVersionDownloadUri(name, version);
  }
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    return this.registry.setModelVersionTag(name, version, key, value);
  }
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    return this.registry.deleteModelVersionTag(name, version, key);
  }
}

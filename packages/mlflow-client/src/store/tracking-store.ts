import type { PagedList, SearchOptions, ViewType } from '../entities/common.js';
import type { LoggedModel, LoggedModelOrderBy, LoggedModelStatus } from '../entities/logged-model.js';
import type { DatasetInput, Experiment, Metric, Param, Run, RunInfo, RunStatus, RunTag } from '../entities/tracking.js';

export interface CreateRunOptions {
  experimentId: string;
  userId?: string;
  /** ms since epoch; defaults to now */
  startTime?: number;
  tags?: Record<string, string>;
  runName?: string;
}

export interface UpdateRunOptions {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface LogBatch {
  metrics?: Metric[];
  params?: Param[];
  tags?: RunTag[];
}

export interface CreateLoggedModelOptions {
  experimentId: string;
  name?: string;
  modelType?: string;
  sourceRunId?: string;
  params?: Record<string, string>;
  tags?: Record<string, string>;
}

export interface SearchLoggedModelsOptions {
  experimentIds: string[];
  filter?: string;
  datasets?: Array<{ datasetName: string; datasetDigest?: string }>;
  maxResults?: number;
  orderBy?: LoggedModelOrderBy[];
  pageToken?: string;
}

/**
 * Where tracking data lives: a real MLflow server (`RestStore`) or an `mlruns` folder (`FileStore`).
 * Both behave the same from the caller's side, including errors (`MlflowApiError` with MLflow's
 * `errorCode`). Batches given to `logBatch` respect MLflow's limits (1000 metrics, 100 params, 100
 * tags, 1000 entities); `MlflowClient` splits larger ones.
 */
export interface TrackingStore {
  /** The URI this store was made from (`http://…`, `file:///…/mlruns`). */
  readonly trackingUri: string;

  createExperiment(name: string, options?: { artifactLocation?: string; tags?: Record<string, string> }): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Undefined when no experiment has that name. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  searchExperiments(options?: SearchOptions & { viewType?: ViewType }): Promise<PagedList<Experiment>>;
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  createRun(options: CreateRunOptions): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, changes: UpdateRunOptions): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  searchRuns(options: SearchOptions & { experimentIds: string[]; runViewType?: ViewType }): Promise<PagedList<Run>>;

  logMetric(runId: string, metric: Metric): Promise<void>;
  logParam(runId: string, param: Param): Promise<void>;
  setTag(runId: string, tag: RunTag): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  logBatch(runId: string, batch: LogBatch): Promise<void>;
  getMetricHistory(runId: string, key: string, options?: { maxResults?: number; pageToken?: string }): Promise<PagedList<Metric>>;
  logInputs(runId: string, inputs: { datasets?: DatasetInput[]; models?: Array<{ modelId: string }> }): Promise<void>;
  logOutputs(runId: string, models: Array<{ modelId: string; step: number }>): Promise<void>;

  createLoggedModel(options: CreateLoggedModelOptions): Promise<LoggedModel>;
  getLoggedModel(modelId: string, options?: { allowDeleted?: boolean }): Promise<LoggedModel>;
  finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel>;
  deleteLoggedModel(modelId: string): Promise<void>;
  setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void>;
  deleteLoggedModelTag(modelId: string, key: string): Promise<void>;
  logLoggedModelParams(modelId: string, params: Record<string, string>): Promise<void>;
  searchLoggedModels(options: SearchLoggedModelsOptions): Promise<PagedList<LoggedModel>>;
}

export type { LifecycleStage, ViewType, KeyValue, PagedList, SearchOptions, FileInfo } from './entities/common.js';
export type {
  Experiment,
  RunStatus,
  RunInfo,
  Metric,
  Param,
  RunTag,
  RunData,
  DatasetSummary,
  DatasetInput,
  RunInputs,
  RunOutputs,
  Run,
} from './entities/tracking.js';
export type { LoggedModel, LoggedModelStatus, LoggedModelOrderBy } from './entities/logged-model.js';
export type { ModelVersion, ModelVersionStatus, ModelVersionStage, RegisteredModel } from './entities/registry.js';
export type {
  TrackingStore,
  CreateRunOptions,
  UpdateRunOptions,
  LogBatch,
  CreateLoggedModelOptions,
  SearchLoggedModelsOptions,
} from './store/tracking-store.js';
export type { RegistryStore, CreateModelVersionOptions } from './store/registry-store.js';
export type { ArtifactRepository } from './artifacts/artifact-repository.js';
export { MlflowError } from './errors/mlflow-error.js';
export { MlflowApiError } from './errors/mlflow-api-error.js';
export type { MlflowErrorCode } from './errors/mlflow-api-error.js';
export * from './validation.js';

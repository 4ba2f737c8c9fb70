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
export { MlflowConnectionError } from './errors/mlflow-connection-error.js';
export { MlflowTimeoutError } from './errors/mlflow-timeout-error.js';
export { UnsupportedUriError } from './errors/unsupported-uri-error.js';
export { TransportClosedError } from './errors/transport-closed-error.js';
export type { MlflowErrorCode } from './errors/mlflow-api-error.js';
export * from './validation.js';
export type { HttpOptions, HeaderProvider, ResolvedHttpOptions } from './store/rest/http-options.js';
export { resolveHttpOptions } from './store/rest/http-options.js';
export { HttpTransport } from './store/rest/http-transport.js';
export type { HttpMethod, TransportRequest, TransportResponse } from './store/rest/http-transport.js';
export { MlflowHttpApi } from './store/rest/mlflow-http-api.js';
export { backoffDelay, parseRetryAfter, RETRY_STATUSES } from './store/rest/backoff.js';
export { RestStore } from './store/rest/rest-store.js';
export type { RestStoreHttp } from './store/rest/rest-store.js';
export { MlflowClient } from './client/mlflow-client.js';
export type { MlflowClientOptions } from './client/client-options.js';
export type { LogBatchInput } from './client/tracking-client.js';
export type { LoggableValue, MetricExtras } from './client/prepare-inputs.js';
export { splitBatch } from './client/batch-split.js';
export type { BatchChunk } from './client/batch-split.js';
export { HttpArtifactRepository } from './artifacts/http-artifact-repository.js';
export { artifactRepositoryFor, artifactRepositorySchemes, registerArtifactRepository } from './artifacts/artifact-repository-factory.js';
export type { ArtifactRepositoryContext, ArtifactRepositoryFactory } from './artifacts/artifact-repository-factory.js';
export * from './artifacts/s3/index.js';
export { normalizeArtifactPath, joinArtifactPath } from './uri/artifact-path.js';
export { resolveMlflowArtifactsUri } from './uri/mlflow-artifacts-uri.js';
export { resolveTrackingUri, resolveRegistryUri, classifyStoreUri } from './uri/tracking-uri.js';
export type { StoreLocation } from './uri/tracking-uri.js';
export { isTransientFailure } from './store/rest/transient-failure.js';
export { FileStore } from './store/file/file-store.js';
export { LocalArtifactRepository } from './artifacts/local-artifact-repository.js';
export { MlflowTracking } from './fluent/mlflow-tracking.js';
export type { MlflowTrackingOptions, StartRunOptions } from './fluent/tracking-options.js';
export type { ActiveRun } from './fluent/active-run.js';
export type { RunLogger } from './fluent/run-logger.js';
export { DEFAULT_EXPERIMENT_ID } from './fluent/experiment-resolver.js';
export { systemTags, currentUser } from './fluent/system-tags.js';
export { gitContext } from './fluent/git-context.js';
export type { GitContext } from './fluent/git-context.js';
export type { ReplaySummary } from './queue/replayer.js';
export type { UnitCounts } from './queue/delivery-unit.js';
export { defaultJournalDir, journalFileName } from './queue/journal-location.js';
export { registerExitParticipant } from './queue/exit-hooks.js';
export type { ExitParticipant } from './queue/exit-hooks.js';
export * from './models/index.js';

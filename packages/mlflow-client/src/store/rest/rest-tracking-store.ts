/**
 * The tracking part of `RestStore`: experiments, runs, metrics/params/tags, inputs/outputs and
 * MLflow 3 logged models, over MLflow's REST API (`/api/2.0/mlflow/...`). It sends through the
 * `MlflowHttpApi` it is given and owns no transport.
 */
import type { FileInfo, PagedList, SearchOptions, ViewType } from '../../entities/common.js';
import type { LoggedModel, LoggedModelStatus } from '../../entities/logged-model.js';
import type { DatasetInput, Experiment, Metric, Param, Run, RunInfo, RunTag } from '../../entities/tracking.js';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import type { CreateLoggedModelOptions, CreateRunOptions, LogBatch, SearchLoggedModelsOptions, TrackingStore, UpdateRunOptions } from '../tracking-store.js';
import { decodeLoggedModel } from './codec/logged-model-codec.js';
import { decodeExperiment, decodeFileInfo, decodeMetric, decodeRun, decodeRunInfo, encodeDatasetInput, encodeMetric } from './codec/tracking-codec.js';
import { arr, compact, recordToTags, str } from './codec/wire.js';
import { MLFLOW_API, type MlflowHttpApi } from './mlflow-http-api.js';
import { page } from './paged.js';

const id = (value: string): string => encodeURIComponent(value);

export class RestTrackingStore implements TrackingStore {
  readonly trackingUri: string;

  constructor(private readonly api: MlflowHttpApi) {
    this.trackingUri = api.baseUrl;
  }

  // ---- experiments ------------------------------------------------------------------------

  async createExperiment(name: string, options: { artifactLocation?: string; tags?: Record<string, string> } = {}): Promise<string> {
    const res = await this.api.post(`${MLFLOW_API}/experiments/create`, compact({ name, artifact_location: options.artifactLocation, tags: recordToTags(options.tags) }));
    return str(res.experiment_id);
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const res = await this.api.get(`${MLFLOW_API}/experiments/get`, { experiment_id: experimentId });
    return decodeExperiment(res.experiment);
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      const res = await this.api.get(`${MLFLOW_API}/experiments/get-by-name`, { experiment_name: name });
      return decodeExperiment(res.experiment);
    } catch (error) {
      if (MlflowApiError.isInstance(error) && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw error;
    }
  }

  async searchExperiments(options: SearchOptions & { viewType?: ViewType } = {}): Promise<PagedList<Experiment>> {
    const res = await this.api.post(
      `${MLFLOW_API}/experiments/search`,
      compact({ max_results: options.maxResults ?? 1000, page_token: options.pageToken, filter: options.filter, order_by: options.orderBy, view_type: options.viewType }),
    );
    return page(arr(res.experiments).map(decodeExperiment), res.next_page_token);
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/experiments/delete`, { experiment_id: experimentId });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/experiments/restore`, { experiment_id: experimentId });
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/experiments/update`, { experiment_id: experimentId, new_name: newName });
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/experiments/set-experiment-tag`, { experiment_id: experimentId, key, value });
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/experiments/delete-experiment-tag`, { experiment_id: experimentId, key });
  }

  // ---- runs -------------------------------------------------------------------------------

  async createRun(options: CreateRunOptions): Promise<Run> {
    const res = await this.api.post(
      `${MLFLOW_API}/runs/create`,
      compact({
        experiment_id: options.experimentId,
        user_id: options.userId,
        run_name: options.runName,
        start_time: options.startTime ?? Date.now(),
        tags: recordToTags(options.tags),
      }),
    );
    return decodeRun(res.run);
  }

  async getRun(runId: string): Promise<Run> {
    const res = await this.api.get(`${MLFLOW_API}/runs/get`, { run_id: runId });
    return decodeRun(res.run);
  }

  async updateRun(runId: string, changes: UpdateRunOptions): Promise<RunInfo> {
    const res = await this.api.post(`${MLFLOW_API}/runs/update`, compact({ run_id: runId, status: changes.status, end_time: changes.endTime, run_name: changes.runName }));
    return decodeRunInfo(res.run_info);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/runs/delete`, { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/runs/restore`, { run_id: runId });
  }

  async searchRuns(options: SearchOptions & { experimentIds: string[]; runViewType?: ViewType }): Promise<PagedList<Run>> {
    const res = await this.api.post(
      `${MLFLOW_API}/runs/search`,
      compact({
        experiment_ids: options.experimentIds,
        filter: options.filter,
        run_view_type: options.runViewType,
        max_results: options.maxResults ?? 1000,
        order_by: options.orderBy,
        page_token: options.pageToken,
      }),
    );
    return page(arr(res.runs).map(decodeRun), res.next_page_token);
  }

  // ---- logging ----------------------------------------------------------------------------

  async logMetric(runId: string, metric: Metric): Promise<void> {
    await this.api.post(`${MLFLOW_API}/runs/log-metric`, { run_id: runId, ...encodeMetric(metric) });
  }

  async logParam(runId: string, param: Param): Promise<void> {
    await this.api.post(`${MLFLOW_API}/runs/log-parameter`, { run_id: runId, key: param.key, value: param.value });
  }

  async setTag(runId: string, tag: RunTag): Promise<void> {
    await this.api.post(`${MLFLOW_API}/runs/set-tag`, { run_id: runId, key: tag.key, value: tag.value });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.api.post(`${MLFLOW_API}/runs/delete-tag`, { run_id: runId, key });
  }

  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    await this.api.post(
      `${MLFLOW_API}/runs/log-batch`,
      compact({
        run_id: runId,
        metrics: batch.metrics?.length ? batch.metrics.map(encodeMetric) : undefined,
        params: batch.params?.length ? batch.params.map((p) => ({ key: p.key, value: p.value })) : undefined,
        tags: batch.tags?.length ? batch.tags.map((t) => ({ key: t.key, value: t.value })) : undefined,
      }),
    );
  }

  async getMetricHistory(runId: string, key: string, options: { maxResults?: number; pageToken?: string } = {}): Promise<PagedList<Metric>> {
    const res = await this.api.get(`${MLFLOW_API}/metrics/get-history`, { run_id: runId, metric_key: key, max_results: options.maxResults, page_token: options.pageToken });
    return page(arr(res.metrics).map(decodeMetric), res.next_page_token);
  }

  async logInputs(runId: string, inputs: { datasets?: DatasetInput[]; models?: Array<{ modelId: string }> }): Promise<void> {
    await this.api.post(
      `${MLFLOW_API}/runs/log-inputs`,
      compact({
        run_id: runId,
        datasets: inputs.datasets?.length ? inputs.datasets.map(encodeDatasetInput) : undefined,
        models: inputs.models?.length ? inputs.models.map((m) => ({ model_id: m.modelId })) : undefined,
      }),
    );
  }

  async logOutputs(runId: string, models: Array<{ modelId: string; step: number }>): Promise<void> {
    await this.api.post(`${MLFLOW_API}/runs/outputs`, { run_id: runId, models: models.map((m) => ({ model_id: m.modelId, step: m.step })) });
  }

  // ---- logged models (MLflow 3) -------------------------------------------------------------

  async createLoggedModel(options: CreateLoggedModelOptions): Promise<LoggedModel> {
    const res = await this.api.post(
      `${MLFLOW_API}/logged-models`,
      compact({
        experiment_id: options.experimentId,
        name: options.name,
        model_type: options.modelType,
        source_run_id: options.sourceRunId,
        params: recordToTags(options.params),
        tags: recordToTags(options.tags),
      }),
    );
    return decodeLoggedModel(res.model);
  }

  async getLoggedModel(modelId: string, options: { allowDeleted?: boolean } = {}): Promise<LoggedModel> {
    const res = await this.api.get(`${MLFLOW_API}/logged-models/${id(modelId)}`, { allow_deleted: options.allowDeleted ? true : undefined });
    return decodeLoggedModel(res.model);
  }

  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    const res = await this.api.patch(`${MLFLOW_API}/logged-models/${id(modelId)}`, { model_id: modelId, status });
    return decodeLoggedModel(res.model);
  }

  async deleteLoggedModel(modelId: string): Promise<void> {
    await this.api.delete(`${MLFLOW_API}/logged-models/${id(modelId)}`);
  }

  async setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void> {
    await this.api.patch(`${MLFLOW_API}/logged-models/${id(modelId)}/tags`, { model_id: modelId, tags: recordToTags(tags) ?? [] });
  }

  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    await this.api.delete(`${MLFLOW_API}/logged-models/${id(modelId)}/tags/${id(key)}`);
  }

  async logLoggedModelParams(modelId: string, params: Record<string, string>): Promise<void> {
    await this.api.post(`${MLFLOW_API}/logged-models/${id(modelId)}/params`, { model_id: modelId, params: recordToTags(params) ?? [] });
  }

  async searchLoggedModels(options: SearchLoggedModelsOptions): Promise<PagedList<LoggedModel>> {
    const res = await this.api.post(
      `${MLFLOW_API}/logged-models/search`,
      compact({
        experiment_ids: options.experimentIds,
        filter: options.filter,
        datasets: options.datasets?.map((d) => compact({ dataset_name: d.datasetName, dataset_digest: d.datasetDigest })),
        max_results: options.maxResults,
        order_by: options.orderBy?.map((o) =>
          compact({ field_name: o.fieldName, ascending: o.ascending, dataset_name: o.datasetName, dataset_digest: o.datasetDigest }),
        ),
        page_token: options.pageToken,
      }),
    );
    return page(arr(res.models).map(decodeLoggedModel), res.next_page_token);
  }

  /** `GET artifacts/list`: what the server sees under a run's artifact root (any scheme it can read). */
  async listRunArtifacts(runId: string, path?: string, pageToken?: string): Promise<{ rootUri: string; files: FileInfo[]; nextPageToken?: string }> {
    const res = await this.api.get(`${MLFLOW_API}/artifacts/list`, { run_id: runId, path, page_token: pageToken });
    const listed = page(arr(res.files).map(decodeFileInfo), res.next_page_token);
    return { rootUri: str(res.root_uri), files: listed.items, ...(listed.nextPageToken === undefined ? {} : { nextPageToken: listed.nextPageToken }) };
  }
}

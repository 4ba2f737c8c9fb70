/**
 * Experiments, runs and what is logged to them: the tracking half of `MlflowClient` (Python's
 * `MlflowClient` methods, camelCased). Input is validated before any request.
 */
import type { PagedList, SearchOptions, ViewType } from '../entities/common.js';
import type { DatasetInput, Experiment, Metric, Run, RunInfo, RunStatus } from '../entities/tracking.js';
import { getLogger } from '../logger.js';
import type { LogBatch } from '../store/tracking-store.js';
import {
  checkValueLength,
  MAX_EXPERIMENT_TAG_VALUE_LENGTH,
  validateExperimentId,
  validateExperimentName,
  validateKey,
  validateRunId,
} from '../validation.js';
import { dedupeParams, splitBatch } from './batch-split.js';
import { MlflowClientBase } from './client-base.js';
import { prepareMetric, prepareMetricObject, prepareParam, prepareTag, stringifyValue, type LoggableValue, type MetricExtras } from './prepare-inputs.js';

const log = getLogger('mlflow-client');

/** A batch as given to `logBatch`: metric timestamps/steps may be left out; values are stringified. */
export interface LogBatchInput {
  metrics?: Array<{ key: string; value: number; timestamp?: number; step?: number; modelId?: string; datasetName?: string; datasetDigest?: string }>;
  params?: Array<{ key: string; value: LoggableValue }> | Record<string, LoggableValue>;
  tags?: Array<{ key: string; value: LoggableValue }> | Record<string, LoggableValue>;
}

function entries(value: LogBatchInput['params']): Array<{ key: string; value: LoggableValue }> {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : Object.entries(value).map(([key, v]) => ({ key, value: v }));
}

export class MlflowTrackingClient extends MlflowClientBase {
  // ---- experiments ------------------------------------------------------------------------

  /** Creates an experiment and returns its id. */
  async createExperiment(name: string, options: { artifactLocation?: string; tags?: Record<string, LoggableValue> } = {}): Promise<string> {
    validateExperimentName(name);
    const tags = options.tags === undefined ? undefined : Object.fromEntries(Object.entries(options.tags).map(([k, v]) => [k, this.experimentTagValue(k, v)]));
    return this.trackingStore.createExperiment(name, { ...(options.artifactLocation === undefined ? {} : { artifactLocation: options.artifactLocation }), ...(tags === undefined ? {} : { tags }) });
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    validateExperimentId(experimentId);
    return this.trackingStore.getExperiment(experimentId);
  }

  /** Undefined when no experiment has that name. */
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    validateExperimentName(name);
    return this.trackingStore.getExperimentByName(name);
  }

  /** One page of experiments (default: active ones, up to 1000). */
  async searchExperiments(options: SearchOptions & { viewType?: ViewType } = {}): Promise<PagedList<Experiment>> {
    return this.trackingStore.searchExperiments(options);
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    validateExperimentId(experimentId);
    await this.trackingStore.deleteExperiment(experimentId);
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    validateExperimentId(experimentId);
    await this.trackingStore.restoreExperiment(experimentId);
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    validateExperimentId(experimentId);
    validateExperimentName(newName);
    await this.trackingStore.renameExperiment(experimentId, newName);
  }

  async setExperimentTag(experimentId: string, key: string, value: LoggableValue): Promise<void> {
    validateExperimentId(experimentId);
    await this.trackingStore.setExperimentTag(experimentId, key, this.experimentTagValue(key, value));
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    validateExperimentId(experimentId);
    validateKey('tag', key);
    await this.trackingStore.deleteExperimentTag(experimentId, key);
  }

  // ---- runs -------------------------------------------------------------------------------

  /**
   * Creates a run, as given: no system tags are added (that is the fluent API's job). The user id
   * is the `mlflow.user` tag when given.
   */
  async createRun(experimentId: string, options: { startTime?: number; tags?: Record<string, LoggableValue>; runName?: string } = {}): Promise<Run> {
    validateExperimentId(experimentId);
    const tags = options.tags === undefined ? undefined : Object.fromEntries(Object.entries(options.tags).map(([k, v]) => { const t = prepareTag(k, v); return [t.key, t.value]; }));
    const run = await this.trackingStore.createRun({
      experimentId,
      userId: tags?.['mlflow.user'] ?? 'unknown',
      startTime: options.startTime ?? Date.now(),
      ...(tags === undefined ? {} : { tags }),
      ...(options.runName === undefined ? {} : { runName: options.runName }),
    });
    this.rememberArtifactRoot(run.info.runId, run.info.artifactUri);
    return run;
  }

  async getRun(runId: string): Promise<Run> {
    validateRunId(runId);
    const run = await this.trackingStore.getRun(runId);
    this.rememberArtifactRoot(run.info.runId, run.info.artifactUri);
    return run;
  }

  async updateRun(runId: string, changes: { status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
    validateRunId(runId);
    return this.trackingStore.updateRun(runId, changes);
  }

  /** Ends a run: status (default `FINISHED`) and end time (default now). */
  async setTerminated(runId: string, status: RunStatus = 'FINISHED', endTime: number = Date.now()): Promise<RunInfo> {
    return this.updateRun(runId, { status, endTime });
  }

  async deleteRun(runId: string): Promise<void> {
    validateRunId(runId);
    await this.trackingStore.deleteRun(runId);
  }

  async restoreRun(runId: string): Promise<void> {
    validateRunId(runId);
    await this.trackingStore.restoreRun(runId);
  }

  /** One page of runs of these experiments (default: active runs, newest first, up to 1000). */
  async searchRuns(experimentIds: string | string[], options: SearchOptions & { runViewType?: ViewType } = {}): Promise<PagedList<Run>> {
    const ids = Array.isArray(experimentIds) ? experimentIds : [experimentIds];
    ids.forEach((id) => validateExperimentId(id));
    return this.trackingStore.searchRuns({ ...options, experimentIds: ids });
  }

  // ---- logging ----------------------------------------------------------------------------

  /** Logs one metric point (NaN and ±Infinity allowed). */
  async logMetric(runId: string, key: string, value: number, extras: MetricExtras = {}): Promise<void> {
    validateRunId(runId);
    await this.trackingStore.logMetric(runId, prepareMetric(key, value, extras));
  }

  /** Logs a param (stringified); logging another value for the same key is refused by MLflow. */
  async logParam(runId: string, key: string, value: LoggableValue): Promise<string> {
    validateRunId(runId);
    const param = prepareParam(key, value);
    await this.trackingStore.logParam(runId, param);
    return param.value;
  }

  async setTag(runId: string, key: string, value: LoggableValue): Promise<void> {
    validateRunId(runId);
    await this.trackingStore.setTag(runId, prepareTag(key, value));
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    validateRunId(runId);
    validateKey('tag', key);
    await this.trackingStore.deleteTag(runId, key);
  }

  /**
   * Logs any number of metrics, params and tags: everything is validated first, then sent in as
   * many log-batch requests as MLflow's limits need, in order. A failure part-way leaves the
   * earlier requests applied (like MLflow's own client).
   */
  async logBatch(runId: string, batch: LogBatchInput): Promise<void> {
    validateRunId(runId);
    const prepared: LogBatch = {
      metrics: (batch.metrics ?? []).map(prepareMetricObject),
      params: dedupeParams(entries(batch.params).map((p) => prepareParam(p.key, p.value))),
      tags: entries(batch.tags).map((t) => prepareTag(t.key, t.value)),
    };
    const chunks = splitBatch(prepared);
    if (chunks.length > 1) log.debug(`log-batch of ${prepared.metrics!.length} metrics, ${prepared.params!.length} params, ${prepared.tags!.length} tags in ${chunks.length} requests`);
    for (const chunk of chunks) await this.trackingStore.logBatch(runId, chunk);
  }

  /** Every point of a metric, following the pages. */
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    validateRunId(runId);
    validateKey('metric', key);
    const out: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.trackingStore.getMetricHistory(runId, key, pageToken === undefined ? {} : { pageToken });
      out.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    return out;
  }

  /** Records datasets (with context tags such as `mlflow.data.context`) and model inputs of a run. */
  async logInputs(runId: string, datasets: DatasetInput[] = [], models: Array<{ modelId: string }> = []): Promise<void> {
    validateRunId(runId);
    await this.trackingStore.logInputs(runId, { datasets, models });
  }

  /** Records logged models produced by a run (MLflow 3 `runs/outputs`). */
  async logOutputs(runId: string, models: Array<{ modelId: string; step?: number }>): Promise<void> {
    validateRunId(runId);
    await this.trackingStore.logOutputs(runId, models.map((m) => ({ modelId: m.modelId, step: m.step ?? 0 })));
  }

  private experimentTagValue(key: string, value: LoggableValue): string {
    validateKey('tag', key);
    return checkValueLength('experiment tag', key, stringifyValue(value), MAX_EXPERIMENT_TAG_VALUE_LENGTH).value;
  }
}

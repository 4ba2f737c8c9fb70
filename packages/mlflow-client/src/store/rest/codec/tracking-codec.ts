/** Experiments, runs, metrics, inputs/outputs and file listings ⇄ MLflow's JSON. */
import type { FileInfo, LifecycleStage } from '../../../entities/common.js';
import type { DatasetInput, DatasetSummary, Experiment, Metric, Run, RunInfo, RunStatus } from '../../../entities/tracking.js';
import { arr, compact, decodeDouble, encodeDouble, enumValue, int, obj, optInt, optStr, str, tagsToRecord, type Wire } from './wire.js';

const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
const RUN_STATUS_NUMBERS: Record<number, RunStatus> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };

function lifecycle(value: unknown): LifecycleStage {
  return value === 'deleted' ? 'deleted' : 'active';
}

export function decodeRunStatus(value: unknown): RunStatus {
  return enumValue(value, RUN_STATUS_NUMBERS, RUN_STATUSES, 'RUNNING');
}

export function decodeExperiment(value: unknown): Experiment {
  const w = obj(value);
  const experiment: Experiment = {
    experimentId: str(w.experiment_id),
    name: str(w.name),
    artifactLocation: str(w.artifact_location),
    lifecycleStage: lifecycle(w.lifecycle_stage),
    tags: tagsToRecord(w.tags),
  };
  const creationTime = optInt(w.creation_time);
  const lastUpdateTime = optInt(w.last_update_time);
  if (creationTime !== undefined) experiment.creationTime = creationTime;
  if (lastUpdateTime !== undefined) experiment.lastUpdateTime = lastUpdateTime;
  return experiment;
}

export function decodeRunInfo(value: unknown): RunInfo {
  const w = obj(value);
  const info: RunInfo = {
    runId: str(w.run_id) || str(w.run_uuid),
    runName: str(w.run_name),
    experimentId: str(w.experiment_id),
    userId: str(w.user_id),
    status: decodeRunStatus(w.status),
    artifactUri: str(w.artifact_uri),
    lifecycleStage: lifecycle(w.lifecycle_stage),
  };
  const startTime = optInt(w.start_time);
  const endTime = optInt(w.end_time);
  if (startTime !== undefined) info.startTime = startTime;
  if (endTime !== undefined) info.endTime = endTime;
  return info;
}

export function decodeMetric(value: unknown): Metric {
  const w = obj(value);
  const metric: Metric = { key: str(w.key), value: decodeDouble(w.value), timestamp: int(w.timestamp), step: int(w.step) };
  const datasetName = optStr(w.dataset_name);
  const datasetDigest = optStr(w.dataset_digest);
  const modelId = optStr(w.model_id);
  const runId = optStr(w.run_id);
  if (datasetName !== undefined) metric.datasetName = datasetName;
  if (datasetDigest !== undefined) metric.datasetDigest = datasetDigest;
  if (modelId !== undefined) metric.modelId = modelId;
  if (runId !== undefined) metric.runId = runId;
  return metric;
}

export function encodeMetric(metric: Metric): Wire {
  return compact({
    key: metric.key,
    value: encodeDouble(metric.value),
    timestamp: metric.timestamp,
    step: metric.step ?? 0,
    dataset_name: metric.datasetName,
    dataset_digest: metric.datasetDigest,
    model_id: metric.modelId,
  });
}

function decodeDataset(value: unknown): DatasetSummary {
  const w = obj(value);
  const dataset: DatasetSummary = { name: str(w.name), digest: str(w.digest), sourceType: str(w.source_type), source: str(w.source) };
  const schema = optStr(w.schema);
  const profile = optStr(w.profile);
  if (schema !== undefined) dataset.schema = schema;
  if (profile !== undefined) dataset.profile = profile;
  return dataset;
}

export function encodeDatasetInput(input: DatasetInput): Wire {
  const d = input.dataset;
  return compact({
    tags: Object.entries(input.tags ?? {}).map(([key, v]) => ({ key, value: v })),
    dataset: compact({ name: d.name, digest: d.digest, source_type: d.sourceType, source: d.source, schema: d.schema, profile: d.profile }),
  });
}

export function decodeRun(value: unknown): Run {
  const w = obj(value);
  const data = obj(w.data);
  const latestMetrics = arr(data.metrics).map(decodeMetric);
  const metrics: Record<string, number> = {};
  for (const m of latestMetrics) metrics[m.key] = m.value;
  const inputs = obj(w.inputs);
  const outputs = obj(w.outputs);
  return {
    info: decodeRunInfo(w.info),
    data: { metrics, latestMetrics, params: tagsToRecord(data.params), tags: tagsToRecord(data.tags) },
    inputs: {
      datasetInputs: arr(inputs.dataset_inputs).map((d) => ({ dataset: decodeDataset(d.dataset), tags: tagsToRecord(d.tags) })),
      modelInputs: arr(inputs.model_inputs).map((m) => ({ modelId: str(m.model_id) })),
    },
    outputs: { modelOutputs: arr(outputs.model_outputs).map((m) => ({ modelId: str(m.model_id), step: int(m.step) })) },
  };
}

export function decodeFileInfo(value: unknown): FileInfo {
  const w = obj(value);
  const info: FileInfo = { path: str(w.path), isDir: w.is_dir === true || w.is_dir === 'true' };
  const size = optInt(w.file_size);
  if (size !== undefined && !info.isDir) info.fileSize = size;
  return info;
}

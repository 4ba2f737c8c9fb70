import type { LifecycleStage } from './common.js';

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime?: number;
  lastUpdateTime?: number;
  tags: Record<string, string>;
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  /** ms since epoch */
  startTime?: number;
  endTime?: number;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

/**
 * A metric point. `value` may be NaN or ±Infinity (encoded as strings on the wire). `timestamp` is
 * ms since epoch, `step` an integer (default 0).
 */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  datasetName?: string;
  datasetDigest?: string;
  /** MLflow 3: links the point to a logged model. */
  modelId?: string;
  /** Filled on reads of history/bulk endpoints. */
  runId?: string;
}

export interface Param {
  key: string;
  value: string;
}

export interface RunTag {
  key: string;
  value: string;
}

export interface RunData {
  /** Latest value per key: the point with the greatest (step, timestamp, value). */
  metrics: Record<string, number>;
  /** The same latest points as full objects. */
  latestMetrics: Metric[];
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface DatasetSummary {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  dataset: DatasetSummary;
  /** e.g. `{'mlflow.data.context': 'training'}` */
  tags: Record<string, string>;
}

export interface RunInputs {
  datasetInputs: DatasetInput[];
  modelInputs: Array<{ modelId: string }>;
}

export interface RunOutputs {
  modelOutputs: Array<{ modelId: string; step: number }>;
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: RunInputs;
  outputs: RunOutputs;
}

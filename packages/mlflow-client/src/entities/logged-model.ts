import type { Metric } from './tracking.js';

export type LoggedModelStatus = 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

/** An MLflow 3 logged model (`models:/m-…`), stored outside the run's artifacts. */
export interface LoggedModel {
  /** `m-` followed by 32 hex characters */
  modelId: string;
  experimentId: string;
  name: string;
  artifactUri: string;
  status: LoggedModelStatus;
  statusMessage?: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  modelType?: string;
  sourceRunId?: string;
  tags: Record<string, string>;
  params: Record<string, string>;
  metrics: Metric[];
  /** Registered versions made from this model. */
  registrations: Array<{ name: string; version: string }>;
}

export interface LoggedModelOrderBy {
  fieldName: string;
  ascending?: boolean;
  datasetName?: string;
  datasetDigest?: string;
}

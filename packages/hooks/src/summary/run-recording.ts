/**
 * Everything the run summary needs from one pipeline run: what was asked (run params, pipeline,
 * catalog), when it started, the nodes' timings, the datasets' loads and saves, and how it ended.
 */
import type { DataCatalog, Pipeline, RunParams } from '@kedro-mlflow/core-pipeline';
import { DatasetRecords } from './dataset-records.js';
import { errorSummary, type ErrorSummary } from './error-summary.js';
import { NodeTimings } from './node-timings.js';

export class RunRecording {
  readonly runParams: RunParams;
  readonly pipeline: Pipeline;
  readonly catalog: DataCatalog;
  readonly mlflowRunId: string;
  readonly startedAt = Date.now();
  readonly startMark = performance.now();
  readonly nodes = new NodeTimings();
  readonly datasets: DatasetRecords;
  error: ErrorSummary | undefined;

  constructor(options: { runParams: RunParams; pipeline: Pipeline; catalog: DataCatalog; mlflowRunId: string }) {
    this.runParams = options.runParams;
    this.pipeline = options.pipeline;
    this.catalog = options.catalog;
    this.mlflowRunId = options.mlflowRunId;
    this.datasets = new DatasetRecords(options.catalog);
  }

  failed(error: unknown): void {
    this.error ??= errorSummary(error);
  }
}

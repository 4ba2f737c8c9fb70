/**
 * Everything the run summary needs from one pipeline run: what was asked (run params, pipeline,
 * catalog), when it started, the nodes' timings, the datasets' loads and saves, and how it ended.
 */
import type { DataCatalog, Pipeline, RunParams } from '@kedro-mlflow/core-pipeline';
import { dagGraph } from './dag-graph.js';
import { DagLayoutJob } from './dag-layout-job.js';
import { DatasetRecords } from './dataset-records.js';
import { errorSummary, type ErrorSummary } from './error-summary.js';
import { NodeTimings } from './node-timings.js';

export interface RunRecordingOptions {
  runParams: RunParams;
  pipeline: Pipeline;
  catalog: DataCatalog;
  mlflowRunId: string;
  /** Start the DAG picture's layout now, with datasets drawn or not (tracking.run_summary.dag_datasets). */
  dagDatasets?: boolean;
}

export class RunRecording {
  readonly runParams: RunParams;
  readonly pipeline: Pipeline;
  readonly catalog: DataCatalog;
  readonly mlflowRunId: string;
  readonly startedAt = Date.now();
  readonly startMark = performance.now();
  readonly nodes = new NodeTimings();
  readonly datasets: DatasetRecords;
  /** The picture's layout, started with the run (the structure is known now); undefined: laid out at the end. */
  readonly dagLayout: { datasets: boolean; job: DagLayoutJob } | undefined;
  error: ErrorSummary | undefined;

  constructor(options: RunRecordingOptions) {
    this.runParams = options.runParams;
    this.pipeline = options.pipeline;
    this.catalog = options.catalog;
    this.mlflowRunId = options.mlflowRunId;
    this.datasets = new DatasetRecords(options.catalog);
    const datasets = options.dagDatasets;
    this.dagLayout = datasets === undefined ? undefined : { datasets, job: new DagLayoutJob(dagGraph(options.pipeline, { datasets })) };
  }

  failed(error: unknown): void {
    this.error ??= errorSummary(error);
  }
}

/**
 * Logs the run's `run_summary.json` and `pipeline_dag.svg` as artifacts of its MLflow run, at the end
 * of the run (success and failure), through the run's tracking (`tracking.forRun(runId)`): when the
 * server is unreachable they are kept in its journal and uploaded when it answers, before the run's
 * end status. Nothing here may fail the run or hide the pipeline's own error: a failure (a layout
 * error, a journal that cannot be written) is a warning, and each artifact is tried on its own.
 */
import { getLogger } from '@kedro-mlflow/core-pipeline';
import type { RunLogger } from '@kedro-mlflow/mlflow-client';
import { dagGraph } from './dag-graph.js';
import { DagLayoutJob } from './dag-layout-job.js';
import type { DagLayout } from './dag-layout.js';
import { renderDagSvg, formatDuration, type DagNodeState } from './dag-svg.js';
import type { RunRecording } from './run-recording.js';
import { buildRunSummary, type RunSummary } from './run-summary.js';

const log = getLogger('kedro-mlflow.summary');

export const RUN_SUMMARY_ARTIFACT = 'run_summary.json';
export const DAG_ARTIFACT = 'pipeline_dag.svg';

export interface SummaryOptions {
  /** Draw datasets between the nodes (kedro-viz style). */
  datasets: boolean;
}

/** The picture's layout: the one started with the run when it was drawn the same way, else laid out now (from the cache when it can). */
export function runDagLayout(recording: RunRecording, options: SummaryOptions): Promise<DagLayout> {
  const started = recording.dagLayout;
  const job = started !== undefined && started.datasets === options.datasets ? started.job : new DagLayoutJob(dagGraph(recording.pipeline, options), { worker: false });
  return job.result();
}

/** The picture of a finished run, from its summary. */
export function runDagSvg(layout: DagLayout, summary: RunSummary): string {
  const nodes = new Map<string, DagNodeState>(summary.nodes.map((n) => [n.name, { status: n.status, durationMs: n.duration_ms }]));
  const title = `${summary.pipeline_names.join('+')} · ${summary.status} · ${formatDuration(summary.duration_ms)} · ${summary.totals.nodes} nodes`;
  return renderDagSvg({ layout, nodes, title });
}

/** Where the summary artifacts go: the run's queued logger. */
export type SummaryLogger = Pick<RunLogger, 'logDict' | 'logText'>;

export async function logRunSummaryArtifacts(logger: SummaryLogger, recording: RunRecording, status: string, options: SummaryOptions): Promise<void> {
  const runId = recording.mlflowRunId;
  let summary: RunSummary;
  try {
    summary = buildRunSummary(recording, status);
  } catch (error) {
    warn(RUN_SUMMARY_ARTIFACT, runId, error);
    return;
  }
  // The two uploads go at once: against a server each is a round trip at the very end of the run.
  await Promise.all([
    logger.logDict(summary, RUN_SUMMARY_ARTIFACT).catch((error: unknown) => warn(RUN_SUMMARY_ARTIFACT, runId, error)),
    (async () => logger.logText(runDagSvg(await runDagLayout(recording, options), summary), DAG_ARTIFACT))().catch((error: unknown) => warn(DAG_ARTIFACT, runId, error)),
  ]);
}

function warn(artifact: string, runId: string, error: unknown): void {
  log.warn("Could not log '%s' to the MLflow run '%s' (the run itself is not affected): %s", artifact, runId, (error as Error)?.message ?? String(error));
}

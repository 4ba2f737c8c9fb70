/**
 * `run_summary.json`: what a pipeline run did, as one JSON document logged with the run (schema in
 * the README, `schema_version` 1). Keys are snake_case like the run's tags; times are ISO 8601 (UTC)
 * and durations milliseconds.
 */
import { CORE_PIPELINE_VERSION, type Node } from '@kedro-mlflow/core-pipeline';
import { runPipelineNames } from '../hook/kedro-command.js';
import type { ErrorSummary } from './error-summary.js';
import { NODE_STATUSES, roundMs, type NodeStatus } from './node-timings.js';
import type { RunRecording } from './run-recording.js';

export const RUN_SUMMARY_SCHEMA_VERSION = 1;

export interface NodeSummary {
  name: string;
  namespace: string | null;
  tags: string[];
  inputs: string[];
  outputs: string[];
  status: NodeStatus;
  started_at: string | null;
  duration_ms: number | null;
  error?: ErrorSummary;
}

export interface DatasetSummary {
  name: string;
  type: string | null;
  loads: number;
  saves: number;
  load_version: string | null;
  save_version: string | null;
}

export interface RunSummary {
  schema_version: number;
  /** How the pipeline run ended, as the MLflow run's end status: `FINISHED` or `FAILED` (an orchestrator's run is left open). */
  status: string;
  pipeline_names: string[];
  session_id: string;
  mlflow_run_id: string;
  env: string | null;
  runner: string | null;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  versions: {
    /** The catalog's save version: every versioned dataset saved by the run writes this version. */
    save_version: string | null;
    load_versions: Record<string, string>;
    core_pipeline: string;
    node: string;
  };
  totals: Record<NodeStatus, number> & { nodes: number; datasets_loaded: number; datasets_saved: number };
  nodes: NodeSummary[];
  datasets: DatasetSummary[];
  error: (ErrorSummary & { node?: string }) | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function buildRunSummary(recording: RunRecording, status: string): RunSummary {
  const succeeded = status === 'FINISHED';
  const nodes = recording.pipeline.nodes.map((node) => nodeSummary(recording, node, succeeded));
  const datasets: DatasetSummary[] = recording.datasets.list().map((d) => ({
    name: d.name,
    type: d.type ?? null,
    loads: d.loads,
    saves: d.saves,
    load_version: d.loadVersion ?? null,
    save_version: d.saveVersion ?? null,
  }));
  const counts = Object.fromEntries(NODE_STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>;
  for (const node of nodes) counts[node.status] += 1;
  const failedNode = nodes.find((node) => node.status === 'failed');
  const { runParams } = recording;
  return {
    schema_version: RUN_SUMMARY_SCHEMA_VERSION,
    status,
    pipeline_names: runPipelineNames(runParams),
    session_id: runParams.runId,
    mlflow_run_id: recording.mlflowRunId,
    env: runParams.env ?? null,
    runner: runParams.runner ?? null,
    started_at: iso(recording.startedAt),
    ended_at: iso(Date.now()),
    duration_ms: roundMs(performance.now() - recording.startMark),
    versions: {
      save_version: recording.catalog.saveVersion ?? null,
      load_versions: { ...recording.catalog.loadVersions },
      core_pipeline: CORE_PIPELINE_VERSION,
      node: process.version,
    },
    totals: {
      nodes: nodes.length,
      ...counts,
      datasets_loaded: datasets.filter((d) => d.loads > 0).length,
      datasets_saved: datasets.filter((d) => d.saves > 0).length,
    },
    nodes,
    datasets,
    error: recording.error === undefined && failedNode === undefined ? null : { ...(recording.error ?? failedNode!.error!), ...(failedNode ? { node: failedNode.name } : {}) },
  };
}

function nodeSummary(recording: RunRecording, node: Node, succeeded: boolean): NodeSummary {
  const timing = recording.nodes.get(node.name);
  const summary: NodeSummary = {
    name: node.name,
    namespace: node.namespace ?? null,
    tags: [...node.tags].sort(),
    inputs: [...node.inputs],
    outputs: [...node.outputs],
    status: recording.nodes.status(node.name, succeeded),
    started_at: timing === undefined ? null : iso(timing.startedAt),
    duration_ms: timing?.durationMs ?? null,
  };
  if (timing?.error !== undefined) summary.error = timing.error;
  return summary;
}

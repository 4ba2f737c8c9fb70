/**
 * What the driver, the workflow and the workers exchange. Temporal records every workflow input and
 * activity input in the run's history, so these stay small: names and indexes, never data (data goes
 * through the catalog: files, object storage, intermediates).
 */

/** The pipeline's DAG: node names in topological order, and for each node the indexes of the nodes it waits for. */
export interface DagPlan {
  names: string[];
  deps: number[][];
}

/** What every activity of one run needs to re-enter the project where it runs. */
export interface PartSpec {
  /** The project's package name: a worker of another project refuses the task. */
  project: string;
  /** The driver's session id: the save version of every versioned dataset of the run. */
  sessionId: string;
  env: string;
  runtimeParams: Record<string, unknown>;
  pipelineNames: string[];
  loadVersions: Record<string, string>;
  /** Handed to each worker's hooks as `runParams.partOf.values` (the MLflow run id). */
  values: Record<string, string>;
  /** Where datasets that would live in memory travel between workers; undefined when none does. */
  intermediatesRoot: string | undefined;
  /** Whether an error raised by a node is retried like a lost worker (default: no, the run fails). */
  retryNodeErrors: boolean;
}

export interface NodeTaskInput {
  nodeName: string;
  part: PartSpec;
}

export interface NodeActivities {
  /** Runs the node; resolves with how long it took on the worker (milliseconds). */
  runKedroNode(input: NodeTaskInput): Promise<number>;
}

/** What the progress query answers: each completed node's index, with its duration in ms when this workflow run saw it. */
export type NodeProgress = Array<[index: number, durationMs: number | null]>;

export interface ActivityPolicy {
  startToCloseTimeoutMs: number;
  heartbeatTimeoutMs: number;
  /** Attempts per node, the first included (a worker that dies mid-node costs one). */
  maximumAttempts: number;
}

export interface PipelineWorkflowInput {
  plan: DagPlan;
  /** Indexes of nodes already completed (by the workflow runs before a continue-as-new). */
  done: number[];
  /** Most nodes in flight at once. */
  width: number;
  /** Nodes completed per workflow run before it continues as new, which keeps each history short. */
  historyBatch: number;
  activity: ActivityPolicy;
  part: PartSpec;
}

export interface PipelineWorkflowResult {
  completed: number;
  /** The nodes this (last) workflow run completed, with their durations. */
  progress: NodeProgress;
}

/** The details of the workflow's failure when a node failed: the failing node and every node completed before. */
export interface NodeFailureDetails {
  nodeName: string;
  done: number[];
}

export const WORKFLOW_NAME = 'kedroPipelineWorkflow';
export const PROGRESS_QUERY = 'kedroProgress';
/** ApplicationFailure types: a node's own error, and the workflow's failure that wraps it. */
export const NODE_ERROR_TYPE = 'KedroNodeError';
export const NODE_FAILED_TYPE = 'KedroNodeFailed';
/** A task this worker must never take (another project's); not retried. */
export const WRONG_WORKER_TYPE = 'KedroWrongWorker';

/**
 * The hooks of a kedro run (kedro's hook specs, camelCase), with the argument object each receives.
 * An implementation is any object with some of these methods; each method may be async.
 */
import type { DataCatalog } from '../io/data-catalog.js';
import type { AbstractDataset } from '../io/abstract-dataset.js';
import type { Node } from '../pipeline/node.js';
import type { Pipeline } from '../pipeline/pipeline.js';

/** What `session.run()` was asked to do; handed to pipeline hooks (kedro's `run_params`). */
export interface RunParams {
  runId: string;
  projectPath?: string;
  env?: string;
  kedroVersion?: string;
  tags?: string[];
  fromNodes?: string[];
  toNodes?: string[];
  nodeNames?: string[];
  fromInputs?: string[];
  toOutputs?: string[];
  loadVersions?: Record<string, string>;
  runtimeParams?: Record<string, unknown>;
  pipelineNames?: string[];
  namespaces?: string[];
  runner?: string;
  /** The `runnerOptions` given to `session.run()` (`--runner-params`), when any. */
  runnerOptions?: Record<string, unknown>;
  /** Present (true) when the runner loads and saves each node's datasets concurrently (`--async`). */
  isAsync?: boolean;
  onlyMissingOutputs?: boolean;
  /** Set when this run is one part of a run started elsewhere (a distributed runner's worker running one node). */
  partOf?: RunPart;
  [key: string]: unknown;
}

/**
 * A session that runs a part of another session's pipeline run: it takes that run's session id
 * (so versioned datasets share one save version) and the values the driver handed every part
 * (e.g. `mlflow_run_id`, so that a tracking plugin logs into the driver's run instead of starting one).
 */
export interface RunPart {
  sessionId: string;
  values: Readonly<Record<string, string>>;
}

export type RunResult = Record<string, AbstractDataset>;

export interface KedroHookSpecs {
  afterContextCreated: { context: unknown };
  afterCatalogCreated: {
    catalog: DataCatalog;
    confCatalog: Record<string, unknown>;
    confCreds: Record<string, unknown>;
    parameters: Record<string, unknown>;
    saveVersion: string | undefined;
    loadVersions: Record<string, string>;
  };
  beforePipelineRun: { runParams: RunParams; pipeline: Pipeline; catalog: DataCatalog };
  afterPipelineRun: { runParams: RunParams; runResult: RunResult; pipeline: Pipeline; catalog: DataCatalog };
  onPipelineError: { error: unknown; runParams: RunParams; pipeline: Pipeline; catalog: DataCatalog };
  /**
   * Wraps the runner's work (called by `HookManager.wrap`): call `proceed()` once and await it. Whatever
   * runs inside it (nodes, dataset loads and saves, with every runner) is in the async context this
   * hook sets up, e.g. an `AsyncLocalStorage.run(...)` giving node code the current MLflow run.
   */
  aroundPipelineRun: { runParams: RunParams; pipeline: Pipeline; catalog: DataCatalog; proceed: () => Promise<RunResult> };
  /** May return `{datasetName: value}` to replace some of the node's inputs. */
  beforeNodeRun: { node: Node; catalog: DataCatalog; inputs: Record<string, unknown>; isAsync: boolean; runId: string | undefined };
  afterNodeRun: {
    node: Node;
    catalog: DataCatalog;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    isAsync: boolean;
    runId: string | undefined;
  };
  onNodeError: { error: unknown; node: Node; catalog: DataCatalog; inputs: Record<string, unknown>; isAsync: boolean; runId: string | undefined };
  /**
   * A node ran in another process (a distributed runner's worker, where its own node and dataset
   * hooks ran): called in the driver, so that what follows the run there (progress, a summary) sees it.
   */
  afterRemoteNodeRun: { node: Node; runId: string | undefined; durationMs: number | null };
  /** A node failed in another process (see afterRemoteNodeRun); `error` is its error, rebuilt with its class. */
  onRemoteNodeError: { error: unknown; node: Node; runId: string | undefined };
  beforeDatasetLoaded: { datasetName: string; node: Node };
  afterDatasetLoaded: { datasetName: string; data: unknown; node: Node };
  beforeDatasetSaved: { datasetName: string; data: unknown; node: Node };
  afterDatasetSaved: { datasetName: string; data: unknown; node: Node };
}

export type KedroHookName = keyof KedroHookSpecs;

/** The type of a hooks object: implement any subset, sync or async. */
export type KedroHooks = {
  [K in KedroHookName]?: (args: KedroHookSpecs[K]) => unknown;
};

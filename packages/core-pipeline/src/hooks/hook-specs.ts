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
  onlyMissingOutputs?: boolean;
  [key: string]: unknown;
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

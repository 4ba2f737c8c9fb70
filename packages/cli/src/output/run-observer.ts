/**
 * Hooks the CLI registers for a run: they time every node (loading its inputs to saving its
 * outputs), note the datasets written to storage, and drive the progress bar. The run summary and the
 * `--json` document are made from what they record.
 */
import { relative } from 'node:path';
import { isVersionedDataset, type DataCatalog, type KedroHooks, type Node, type Pipeline } from '@kedro-mlflow/core-pipeline';
import type { Progress } from './progress.js';

export type NodeStatus = 'completed' | 'failed' | 'skipped' | 'not run' | 'interrupted';

export interface NodeRecord {
  name: string;
  /** The node's function name. */
  func: string;
  status: NodeStatus;
  /** From loading the first input to saving the last output; undefined when the node did not run. */
  seconds: number | undefined;
}

export interface OutputRecord {
  dataset: string;
  /** The dataset class (`JSONDataset`). */
  type: string;
  /** The file written, relative to the project, when the dataset has one. */
  path: string | undefined;
}

interface Timing {
  start: number;
  end?: number;
  functionDone: boolean;
  saved: Set<string>;
  status?: NodeStatus;
}

function datasetPath(dataset: object, projectPath: string): string | undefined {
  const { filepath, dataset: wrapped } = dataset as { filepath?: unknown; dataset?: unknown };
  // A wrapper (MlflowArtifactDataset) writes its file through the dataset it wraps: show that file.
  if (typeof filepath !== 'string') return typeof wrapped === 'object' && wrapped !== null ? datasetPath(wrapped, projectPath) : undefined;
  let file = filepath;
  if (isVersionedDataset(dataset) && dataset.version !== undefined) {
    const version = dataset.resolveSaveVersion();
    if (version !== undefined) file = dataset.getVersionedPath(version);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return file;
  const shown = relative(projectPath, file);
  return shown === '' || shown.startsWith('..') ? file : shown;
}

export class RunObserver {
  /** The pipeline being run (after filters), once the run has started. */
  pipeline: Pipeline | undefined;
  catalog: DataCatalog | undefined;
  /** The process start: the total time is what the person waited, startup included. */
  readonly startedAt = 0;
  finishedAt: number | undefined;
  private readonly timings = new Map<string, Timing>();
  private readonly outputs = new Map<string, OutputRecord>();
  private readonly completedOrder: string[] = [];

  constructor(
    private readonly progress: Progress,
    private readonly projectPath: string,
  ) {}

  private timing(node: Node): Timing {
    let timing = this.timings.get(node.name);
    if (timing === undefined) {
      timing = { start: performance.now(), functionDone: false, saved: new Set() };
      this.timings.set(node.name, timing);
      this.progress.running(node.name);
    }
    return timing;
  }

  private maybeCompleted(node: Node, timing: Timing): void {
    if (timing.status !== undefined || !timing.functionDone) return;
    if (!node.outputs.every((name) => timing.saved.has(name))) return;
    timing.status = 'completed';
    timing.end = performance.now();
    this.completedOrder.push(node.name);
    this.progress.completed(node.name);
  }

  private recordOutput(name: string): void {
    if (this.outputs.has(name) || this.catalog === undefined) return;
    const dataset = this.catalog.get(name);
    if (dataset === undefined) return;
    const cls = dataset.constructor as { name: string; EPHEMERAL?: boolean };
    if (cls.EPHEMERAL === true) return;
    this.outputs.set(name, { dataset: name, type: cls.name, path: datasetPath(dataset, this.projectPath) });
  }

  /** The hooks object to register with the session. */
  readonly hooks: KedroHooks = {
    beforePipelineRun: ({ pipeline, catalog }) => {
      this.pipeline = pipeline;
      this.catalog = catalog;
      this.progress.start(pipeline.nodes.length);
    },
    beforeDatasetLoaded: ({ node }) => {
      this.timing(node);
    },
    beforeNodeRun: ({ node }) => {
      this.timing(node);
    },
    afterNodeRun: ({ node }) => {
      const timing = this.timing(node);
      timing.functionDone = true;
      this.maybeCompleted(node, timing);
    },
    afterDatasetSaved: ({ datasetName, node }) => {
      const timing = this.timing(node);
      timing.saved.add(datasetName);
      this.recordOutput(datasetName);
      this.maybeCompleted(node, timing);
    },
    onNodeError: ({ node }) => {
      const timing = this.timing(node);
      timing.status = 'failed';
      timing.end = performance.now();
    },
    // TemporalRunner: the node ran on a worker; only its end is seen here.
    afterRemoteNodeRun: ({ node, durationMs }) => {
      const timing = this.timing(node);
      if (durationMs !== null) timing.start = performance.now() - durationMs;
      timing.functionDone = true;
      node.outputs.forEach((name) => {
        timing.saved.add(name);
        this.recordOutput(name);
      });
      this.maybeCompleted(node, timing);
    },
    onRemoteNodeError: ({ node }) => {
      const timing = this.timing(node);
      timing.status = 'failed';
      timing.end = performance.now();
    },
    afterPipelineRun: () => {
      this.finish();
    },
    onPipelineError: () => {
      this.finish();
    },
  };

  /** Stops the clock and the progress bar (idempotent). */
  finish(): void {
    this.finishedAt ??= performance.now();
    this.progress.stop();
  }

  get seconds(): number {
    return ((this.finishedAt ?? performance.now()) - this.startedAt) / 1000;
  }

  /**
   * Every node of the pipeline in execution order, with its status. `failedNode` marks a node that
   * failed outside the node hooks (e.g. saving its output); with `interrupted` (a signal stopped the
   * run) a node that started and did not end is `interrupted`.
   */
  nodeRecords(options: { succeeded: boolean; failedNode?: string | undefined; interrupted?: boolean }): NodeRecord[] {
    const nodes = this.pipeline?.nodes ?? [];
    return nodes.map((node) => {
      const timing = this.timings.get(node.name);
      let status: NodeStatus;
      if (timing?.status !== undefined) status = timing.status;
      else if (node.name === options.failedNode) status = 'failed';
      else if (timing !== undefined) status = options.succeeded ? 'completed' : options.interrupted === true ? 'interrupted' : 'failed';
      else status = options.succeeded ? 'skipped' : 'not run';
      const end = timing?.end ?? (timing !== undefined ? this.finishedAt ?? performance.now() : undefined);
      return {
        name: node.name,
        func: node.funcName,
        status,
        seconds: timing !== undefined && end !== undefined ? (end - timing.start) / 1000 : undefined,
      };
    });
  }

  outputRecords(): OutputRecord[] {
    return [...this.outputs.values()];
  }
}

/**
 * What every runner does around scheduling (kedro's AbstractRunner.run): optional
 * only-missing-outputs filtering, a warm-up that materialises every dataset (so a missing free
 * input fails before any node runs), node execution (the subclass's schedule), and a result made
 * of the free outputs' datasets.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { NodeRunError } from '../errors/node-run-error.js';
import { HookManager } from '../hooks/hook-manager.js';
import type { KedroHookSpecs, RunParams, RunResult } from '../hooks/hook-specs.js';
import type { DataCatalog } from '../io/data-catalog.js';
import { getLogger } from '../logging.js';
import type { Node } from '../pipeline/node.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { pySet } from '../utils/py-repr.js';
import { filterOnlyMissingOutputs } from './only-missing-outputs.js';
import { ReleaseTracker } from './release-tracker.js';
import { nodesToResumeFrom, resumeMessage } from './resume-suggestion.js';
import type { RunInterrupt } from './run-interrupt.js';
import { runNodeTask, type TaskContext } from './run-node-task.js';

const log = getLogger('kedro.runner');

export interface RunOptions {
  hookManager?: HookManager<KedroHookSpecs>;
  /** Handed to node hooks (the session id in a project run). */
  runId?: string;
  onlyMissingOutputs?: boolean;
  /** The session's run parameters (env, pipeline names, runtime params): what a runner whose nodes run elsewhere hands its workers. */
  runParams?: RunParams;
  /** Lets the caller stop the run (see RunInterrupt); the engine's runners ignore it, a distributed runner cancels its work. */
  interrupt?: RunInterrupt;
}

/** What a subclass gets to schedule nodes with. */
export interface Schedule {
  pipeline: Pipeline;
  ctx: TaskContext;
  release: ReleaseTracker;
  /** Nodes finished so far (for the resume hint). */
  done: Set<Node>;
  total: number;
  /** When each node started (performance.now()), for the duration its completion logs. */
  started: Map<Node, number>;
  runParams: RunParams | undefined;
  interrupt: RunInterrupt | undefined;
}

export abstract class AbstractRunner {
  /** Load and save each node's datasets concurrently. */
  readonly isAsync: boolean;

  constructor(options: { isAsync?: boolean } = {}) {
    this.isAsync = options.isAsync ?? false;
  }

  /**
   * Runs `pipeline` on `catalog`. Returns the datasets of the pipeline's free outputs
   * (`result.Z.load()` gives the data), whatever their type.
   */
  async run(pipeline: Pipeline, catalog: DataCatalog, options: RunOptions = {}): Promise<RunResult> {
    const start = performance.now();
    let toRun: Pipeline | undefined = pipeline;
    if (options.onlyMissingOutputs === true) {
      toRun = await filterOnlyMissingOutputs(pipeline, catalog);
      if (toRun === undefined) return {};
    }
    this.warmUp(toRun, catalog);
    await this.beforeRun(toRun, catalog);

    const hooks = options.hookManager ?? new HookManager<KedroHookSpecs>();
    const schedule: Schedule = {
      pipeline: toRun,
      ctx: { catalog, hooks, isAsync: this.isAsync, runId: options.runId },
      release: new ReleaseTracker(toRun, catalog),
      done: new Set(),
      total: toRun.nodes.length,
      started: new Map(),
      runParams: options.runParams,
      interrupt: options.interrupt,
    };
    await this.runNodes(schedule);
    log.info('Pipeline execution completed successfully in %s sec.', ((performance.now() - start) / 1000).toFixed(1));

    const result: RunResult = {};
    for (const name of toRun.outputs()) result[name] = catalog.getDataset(name);
    return result;
  }

  /** Subclasses run every node of `schedule.pipeline`, calling `completed()` / `failed()`. */
  protected abstract runNodes(schedule: Schedule): Promise<void>;

  /** Checks a subclass needs before any node runs (e.g. worker threads can reach every node). */
  protected async beforeRun(_pipeline: Pipeline, _catalog: DataCatalog): Promise<void> {}

  /**
   * Materialises every dataset of the pipeline and registers runtime defaults (memory datasets)
   * for the rest; free inputs the catalog does not provide fail here, before any node runs.
   */
  private warmUp(pipeline: Pipeline, catalog: DataCatalog): void {
    const known = new Set<string>();
    for (const name of pipeline.datasets()) {
      if (catalog.has(name)) known.add(name);
      catalog.get(name, { fallbackToRuntimePattern: true });
    }
    const missing = [...pipeline.inputs()].filter((name) => !known.has(name));
    if (missing.length > 0) {
      throw new DatasetError(
        `Pipeline input(s) ${pySet(missing)} not found in the DataCatalog. Add them to catalog.yml (or pass them to the catalog before running).`,
      );
    }
  }

  /** Runs one node's task (loads, the function, saves, its hooks), noting when it started. */
  protected task(node: Node, schedule: Schedule, ctx: TaskContext = schedule.ctx): Promise<void> {
    schedule.started.set(node, performance.now());
    return runNodeTask(node, ctx);
  }

  /** Logs progress (with the node's duration as a field: `duration_ms`) and frees datasets nobody needs any more. */
  protected async completed(node: Node, schedule: Schedule): Promise<void> {
    schedule.done.add(node);
    const started = schedule.started.get(node);
    const took = started === undefined ? {} : { duration_ms: Math.round((performance.now() - started) * 10) / 10 };
    log.with(took).info('Completed node: %s', node.name);
    log.info('Completed %d out of %d tasks', schedule.done.size, schedule.total);
    await schedule.release.afterNode(node);
  }

  /** Turns a node's error into a NodeRunError carrying the resume hint (also logged). */
  protected failed(node: Node, error: unknown, schedule: Schedule): NodeRunError {
    const resumeFrom = nodesToResumeFrom(schedule.pipeline, schedule.done, schedule.ctx.catalog);
    const hint = resumeMessage(schedule.pipeline, resumeFrom, schedule.done);
    log.warn(hint);
    return new NodeRunError({ nodeName: node.name, nodeText: node.toString(), resumeFromNodes: resumeFrom, hint, cause: error });
  }
}

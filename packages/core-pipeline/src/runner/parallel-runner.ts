import { availableParallelism } from 'node:os';
import { PipelineError } from '../errors/pipeline-error.js';
import type { DataCatalog } from '../io/data-catalog.js';
import type { Node } from '../pipeline/node.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { pyList } from '../utils/py-repr.js';
import { AbstractRunner, type Schedule } from './abstract-runner.js';
import { requiredWorkers, runWithPool } from './pool-scheduler.js';
import { NodeThreadPool } from './node-thread-pool.js';
import { assertCrossesThreads } from './thread-data.js';

export interface ParallelRunnerOptions {
  /** Most worker threads; default: the number of CPUs. */
  maxWorkers?: number;
  isAsync?: boolean;
  /**
   * The module that defines the pipeline (a path or file URL). Worker threads cannot receive
   * functions, so each worker imports this module and finds the nodes by name. A project run sets
   * it to the project's pipeline registry.
   */
  pipelineModule?: string;
  /**
   * The export to use: a Pipeline, a record of pipelines, or a (possibly async) function returning
   * either. Default: `default`, else `registerPipelines`, else `createPipeline`.
   */
  pipelineExport?: string;
  /** Node flags for the workers, e.g. `['--import', 'tsx']` to import TypeScript modules; default: this process's flags. */
  execArgv?: string[];
  /**
   * Threads that are already running (a long-lived process runs many pipelines on the same ones):
   * the run uses them instead of starting its own, and leaves them running; whoever started them
   * closes them. `pipelineModule` and `execArgv` are then the pool's.
   */
  threads?: NodeThreadPool;
}

/**
 * Runs node functions on worker threads, for CPU-bound nodes. The main thread loads and saves every
 * dataset (so all hooks run, unlike kedro's ParallelRunner) and sends each node its inputs; data
 * crosses threads by structured clone, and a value that would not survive (a function, a class
 * instance) is refused with an error naming the dataset.
 */
export class ParallelRunner extends AbstractRunner {
  readonly maxWorkers: number;
  private readonly options: ParallelRunnerOptions;
  private pool: NodeThreadPool | undefined;

  constructor(options: ParallelRunnerOptions = {}) {
    super({ isAsync: options.isAsync ?? false });
    const max = options.maxWorkers ?? availableParallelism();
    if (!Number.isInteger(max) || max <= 0) throw new RangeError(`maxWorkers should be a positive integer, got ${String(max)}.`);
    this.maxWorkers = max;
    this.options = options;
  }

  workersFor(pipeline: Pipeline): number {
    return requiredWorkers(pipeline, this.maxWorkers);
  }

  /** Everything that would make the run fail half-way is checked before the first node runs. */
  protected override async beforeRun(pipeline: Pipeline, catalog: DataCatalog): Promise<void> {
    const module = this.options.threads?.moduleUrl ?? this.options.pipelineModule;
    if (module === undefined) {
      throw new PipelineError(
        'ParallelRunner needs to know which module defines the pipeline, because worker threads cannot receive functions: ' +
          'pass `new ParallelRunner({pipelineModule: <path of the module>, pipelineExport: <export name>})` (a project run sets this to the pipeline registry).',
      );
    }
    const generators = pipeline.nodes.filter((n) => n.isGenerator).map((n) => n.name);
    if (generators.length > 0) {
      throw new PipelineError(`ParallelRunner does not run generator nodes: ${pyList(generators)}. Use SequentialRunner or ConcurrentRunner.`);
    }
    for (const name of pipeline.inputs()) {
      const dataset = catalog.get(name);
      if (dataset?.singleProcess === true) {
        throw new PipelineError(`Dataset '${name}' (${dataset.constructor.name}) cannot be used with ParallelRunner. Use SequentialRunner or ConcurrentRunner.`);
      }
    }
    const pool = this.options.threads ?? (await NodeThreadPool.start({ pipelineModule: module, pipelineExport: this.options.pipelineExport, size: this.workersFor(pipeline), execArgv: this.options.execArgv }));
    this.pool = pool;
    const missing = pipeline.nodes.map((n) => n.name).filter((name) => !pool.nodeNames.has(name));
    if (missing.length > 0) {
      await this.shutdown();
      throw new PipelineError(
        `Worker threads cannot find the nodes ${pyList(missing)} in ${pool.moduleUrl}. The module given as pipelineModule must define every node of the pipeline being run.`,
      );
    }
  }

  protected async runNodes(schedule: Schedule): Promise<void> {
    const pool = this.pool!;
    const invoke = (node: Node, inputs: Record<string, unknown>): Promise<Record<string, unknown>> => {
      for (const [name, value] of Object.entries(inputs)) assertCrossesThreads(value, name, node.name, 'input of', pool.remedy);
      return pool.run(node.name, inputs);
    };
    try {
      await runWithPool(
        schedule.pipeline,
        Math.min(this.workersFor(schedule.pipeline), pool.size),
        (node) => this.task(node, schedule, { ...schedule.ctx, invoke }),
        (node) => this.completed(node, schedule),
        (node, error) => this.failed(node, error, schedule),
      );
    } finally {
      await this.shutdown();
    }
  }

  /** Stops the threads this run started; threads handed in stay up for their owner. */
  private async shutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool !== undefined && pool !== this.options.threads) await pool.close();
  }
}

import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PipelineError } from '../errors/pipeline-error.js';
import type { DataCatalog } from '../io/data-catalog.js';
import type { Node } from '../pipeline/node.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { pyList } from '../utils/py-repr.js';
import { AbstractRunner, type Schedule } from './abstract-runner.js';
import { requiredWorkers, runWithPool } from './pool-scheduler.js';
import { decodeThrown } from './error-codec.js';
import { assertCrossesThreads } from './thread-data.js';
import type { LocatedReply, ParallelWorkerData, ResultReply, WorkerReply, WorkerRequest, WorkerTask } from './worker-messages.js';

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
}

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (error: unknown) => void;
}

/**
 * The worker's file, beside this module once built: dist/runner/ for tsc's output, and dist/ for the
 * bundle, where the build bundles the worker too. Run from the TypeScript sources (the tests), the
 * worker is the built one, since Node cannot start a .ts file.
 */
function workerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/parallel-worker.js', here) : new URL('./parallel-worker.js', here);
}

/**
 * The parent's Node flags, less `--input-type`: it only applies to code given as a string
 * (`node --input-type=module -e ...`), and a worker started from a file with it fails to start.
 */
function inheritedExecArgv(): string[] {
  const flags: string[] = [];
  for (let i = 0; i < process.execArgv.length; i += 1) {
    const flag = process.execArgv[i]!;
    if (flag === '--input-type') i += 1;
    else if (!flag.startsWith('--input-type=')) flags.push(flag);
  }
  return flags;
}

/** A worker thread with request/response messaging. */
class NodeWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(workerData: ParallelWorkerData, execArgv: string[] | undefined) {
    this.worker = new Worker(workerFile(), { workerData, execArgv: execArgv ?? inheritedExecArgv() });
    this.worker.on('message', (msg: WorkerReply) => {
      const waiting = this.pending.get(msg.id);
      if (waiting === undefined) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') waiting.reject(decodeThrown(msg.error));
      else waiting.resolve(msg);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`worker thread exited with code ${code}`)));
  }

  /** Resolves with the worker's reply; rejects with the error the worker threw, rebuilt with its class. */
  request<T extends WorkerReply>(task: WorkerTask): Promise<T> {
    const request: WorkerRequest = { ...task, id: this.nextId++ };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(request.id, { resolve: (reply) => resolve(reply as T), reject });
      try {
        this.worker.postMessage(request);
      } catch (error) {
        // An input deeper than the first level that structured clone refuses (DataCloneError).
        this.pending.delete(request.id);
        reject(error);
      }
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
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
  private workers: NodeWorker[] = [];

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
    const module = this.options.pipelineModule;
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
    const moduleUrl = module.startsWith('file:') ? module : pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
    const workerData: ParallelWorkerData = { moduleUrl, exportName: this.options.pipelineExport };
    const count = this.workersFor(pipeline);
    this.workers = Array.from({ length: count }, () => new NodeWorker(workerData, this.options.execArgv));
    let located: LocatedReply[];
    try {
      located = await Promise.all(this.workers.map((w) => w.request<LocatedReply>({ type: 'locate' })));
    } catch (error) {
      await this.shutdown();
      const reason = error instanceof Error ? error.message : String(error);
      throw new PipelineError(`ParallelRunner could not load the pipeline in a worker thread from ${moduleUrl}: ${reason}`, { cause: error });
    }
    const reachable = new Set(located[0]!.names);
    const missing = pipeline.nodes.map((n) => n.name).filter((name) => !reachable.has(name));
    if (missing.length > 0) {
      await this.shutdown();
      throw new PipelineError(
        `Worker threads cannot find the nodes ${pyList(missing)} in ${moduleUrl}. The module given as pipelineModule must define every node of the pipeline being run.`,
      );
    }
  }

  protected async runNodes(schedule: Schedule): Promise<void> {
    const idle = [...this.workers];
    const invoke = async (node: Node, inputs: Record<string, unknown>): Promise<Record<string, unknown>> => {
      for (const [name, value] of Object.entries(inputs)) assertCrossesThreads(value, name, node.name, 'input of');
      const worker = idle.pop();
      if (worker === undefined) throw new Error('internal error: no idle worker thread');
      try {
        const reply = await worker.request<ResultReply>({ type: 'run', name: node.name, inputs });
        return reply.outputs;
      } finally {
        idle.push(worker);
      }
    };
    try {
      await runWithPool(
        schedule.pipeline,
        this.workers.length,
        (node) => this.task(node, schedule, { ...schedule.ctx, invoke }),
        (node) => this.completed(node, schedule),
        (node, error) => this.failed(node, error, schedule),
      );
    } finally {
      await this.shutdown();
    }
  }

  private async shutdown(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

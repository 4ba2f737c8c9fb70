/**
 * Worker threads that run node functions (parallel-worker.ts), for CPU-bound nodes. Each thread
 * imports the module that defines the pipeline once and finds nodes by name; a node asked for while
 * every thread is busy waits for the first free one. ParallelRunner starts one per run; a long-lived
 * process (a Temporal worker) starts one and hands it to many runs, and closes it itself.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PipelineError } from '../errors/pipeline-error.js';
import { decodeThrown } from './error-codec.js';
import type { LocatedReply, ParallelWorkerData, ResultReply, WorkerReply, WorkerRequest, WorkerTask } from './worker-messages.js';

export interface NodeThreadPoolOptions {
  /** The module that defines the pipeline (a path or file URL): threads cannot receive functions. */
  pipelineModule: string;
  /** Its export: a Pipeline, a record of pipelines, or a function returning either. Default: `default`, else `registerPipelines`, else `createPipeline`. */
  pipelineExport?: string | undefined;
  /** Threads to start. */
  size: number;
  /** Nodes one thread runs at once (default 1). More suits async nodes that mostly wait: they share the thread's event loop. */
  perThread?: number | undefined;
  /** Node flags for the threads (e.g. a TypeScript loader); default: this process's flags. */
  execArgv?: string[] | undefined;
  /** What the DatasetError about data that cannot cross threads says to do (default: use SequentialRunner or ConcurrentRunner, or a file dataset). */
  remedy?: string | undefined;
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

/** One worker thread with request/response messaging. */
class NodeThread {
  readonly moduleUrl: string;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Why the thread ended (a node's code may end it: process.exit, an uncaught error); undefined while it runs. */
  ended: Error | undefined;

  constructor(
    workerData: ParallelWorkerData,
    execArgv: string[] | undefined,
  ) {
    this.moduleUrl = workerData.moduleUrl;
    this.worker = new Worker(workerFile(), { workerData, execArgv: execArgv ?? inheritedExecArgv() });
    this.worker.on('message', (msg: WorkerReply) => {
      const waiting = this.pending.get(msg.id);
      if (waiting === undefined) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') waiting.reject(decodeThrown(msg.error));
      else waiting.resolve(msg);
    });
    this.worker.on('error', (error) => this.end(error));
    this.worker.on('exit', (code) => this.end(new PipelineError(`A worker thread running nodes exited with code ${code}.`)));
  }

  /** Resolves with the thread's reply; rejects with the error the thread threw, rebuilt with its class. */
  request<T extends WorkerReply>(task: WorkerTask): Promise<T> {
    const request: WorkerRequest = { ...task, id: this.nextId++ };
    if (this.ended !== undefined) return Promise.reject(this.ended);
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

  private end(error: Error): void {
    this.ended ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

export class NodeThreadPool {
  readonly size: number;
  /** Nodes one thread runs at once: 1 for CPU-bound nodes; more lets async nodes wait together. */
  readonly perThread: number;
  readonly moduleUrl: string;
  /** What the DatasetError about data that cannot cross threads says to do; undefined: the default. */
  readonly remedy: string | undefined;
  /** The names of the nodes the threads found in the module. */
  readonly nodeNames: ReadonlySet<string>;
  /** Threads ready for nodes, with the nodes each runs now. */
  private readonly running = new Map<NodeThread, number>();
  /** Threads replacing ended ones, until they have imported the module. */
  private readonly starting = new Set<NodeThread>();
  private readonly waiting: Array<{ resolve: (thread: NodeThread) => void; reject: (error: unknown) => void }> = [];
  private closed = false;
  private broken: unknown;

  private constructor(
    threads: NodeThread[],
    nodeNames: Set<string>,
    private readonly workerData: ParallelWorkerData,
    private readonly execArgv: string[] | undefined,
    perThread: number,
  ) {
    this.size = threads.length;
    this.perThread = perThread;
    for (const thread of threads) this.running.set(thread, 0);
    this.moduleUrl = workerData.moduleUrl;
    this.remedy = workerData.remedy;
    this.nodeNames = nodeNames;
  }

  /** Starts the threads and waits until each has imported the module; a module that fails is a PipelineError naming it. */
  static async start(options: NodeThreadPoolOptions): Promise<NodeThreadPool> {
    const perThread = options.perThread ?? 1;
    for (const [key, value] of [['size', options.size], ['perThread', perThread]] as const) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`A node thread pool's ${key} should be a positive whole number, got ${String(value)}.`);
    }
    const module = options.pipelineModule;
    const moduleUrl = module.startsWith('file:') ? module : pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
    const workerData: ParallelWorkerData = { moduleUrl, exportName: options.pipelineExport, remedy: options.remedy };
    const threads = Array.from({ length: options.size }, () => new NodeThread(workerData, options.execArgv));
    const located = await Promise.all(threads.map(locate)).catch(async (error: unknown) => {
      await Promise.all(threads.map((t) => t.terminate()));
      throw error;
    });
    return new NodeThreadPool(threads, new Set(located[0]), workerData, options.execArgv, perThread);
  }

  /** Runs the node on the least busy thread with room and resolves with its outputs; rejects with the node's error, rebuilt with its class. */
  async run(nodeName: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const thread = await this.acquire();
    try {
      const reply = await thread.request<ResultReply>({ type: 'run', name: nodeName, inputs });
      return reply.outputs;
    } finally {
      this.release(thread);
    }
  }

  /** Stops every thread: nodes running on one or waiting for one fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const threads = [...this.running.keys(), ...this.starting];
    this.running.clear();
    this.starting.clear();
    for (const waiter of this.waiting.splice(0)) waiter.reject(new PipelineError('The node thread pool was closed before the node could run.'));
    await Promise.all(threads.map((t) => t.terminate()));
  }

  private acquire(): Promise<NodeThread> {
    if (this.closed) return Promise.reject(new PipelineError('The node thread pool is closed.'));
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const thread = this.roomiest();
    if (thread !== undefined) {
      this.running.set(thread, this.running.get(thread)! + 1);
      return Promise.resolve(thread);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** The ready thread running the fewest nodes, if it has room; ended threads met on the way are replaced. */
  private roomiest(): NodeThread | undefined {
    let best: NodeThread | undefined;
    for (const [thread, count] of this.running) {
      // A thread may end between nodes (a timer of the last node's code threw): a fresh one replaces it.
      if (thread.ended !== undefined) {
        if (count === 0) this.replace(thread);
        continue;
      }
      if (count < this.perThread && (best === undefined || count < this.running.get(best)!)) best = thread;
    }
    return best;
  }

  private release(thread: NodeThread): void {
    if (this.closed) return;
    const count = this.running.get(thread)! - 1;
    this.running.set(thread, count);
    if (thread.ended !== undefined && count === 0) this.replace(thread);
    this.dispatch();
  }

  /** Hands threads with room to the nodes waiting for one, first come first served. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const thread = this.roomiest();
      if (thread === undefined) return;
      this.running.set(thread, this.running.get(thread)! + 1);
      this.waiting.shift()!.resolve(thread);
    }
  }

  /** A thread that ended gives its place to a new one, so the pool keeps its size for the next nodes. */
  private replace(ended: NodeThread): void {
    this.running.delete(ended);
    const fresh = new NodeThread(this.workerData, this.execArgv);
    this.starting.add(fresh);
    locate(fresh).then(
      () => {
        if (!this.starting.delete(fresh)) return; // closed meanwhile
        this.running.set(fresh, 0);
        this.dispatch();
      },
      (error: unknown) => {
        // The module no longer loads: nothing this pool runs can succeed any more.
        this.starting.delete(fresh);
        this.broken = error;
        for (const waiter of this.waiting.splice(0)) waiter.reject(error);
        void fresh.terminate();
      },
    );
  }
}

/** Asks a new thread to import the pipeline module; resolves with the node names it found. */
async function locate(thread: NodeThread): Promise<string[]> {
  try {
    return (await thread.request<LocatedReply>({ type: 'locate' })).names;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PipelineError(`Worker threads could not load the pipeline from ${thread.moduleUrl}: ${reason}`, { cause: error });
  }
}

/**
 * A worker: polls one task queue of a Temporal namespace for the nodes of this project's runs (and
 * for the scheduling workflow's tasks) until it is shut down. Any number run on any machines that
 * have the project; each runs up to `maxConcurrentNodes` nodes at once.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { getLogger, startProjectThreads, type NodeThreadPool } from '@kedro-mlflow/core-pipeline';
import { TemporalRunnerError } from '../errors/temporal-runner-error.js';
import { nodeActivities, type WorkerProject } from './node-activity.js';

const log = getLogger('kedro-mlflow.temporal.worker');

export interface WorkerOptions extends WorkerProject {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Nodes this worker runs at once (default 1). */
  maxConcurrentNodes?: number;
  /**
   * Worker threads that run them (default: as many as `maxConcurrentNodes`, at most one per CPU).
   * Nodes share threads evenly: CPU-bound nodes on one thread run one after the other, async ones wait together.
   */
  nodeThreads?: number;
  /**
   * Nodes it takes beyond those, so that the next one starts the moment one ends instead of after a
   * round trip through the server (default 1). 0 for pipelines narrower than the workers' nodes at
   * once: a node taken ahead waits for this worker even when another one is idle.
   */
  prefetchNodes?: number;
  /** Run node functions on the worker's main thread (no thread copies their data; a CPU-bound node then holds up heartbeats). */
  inProcess?: boolean;
}

export interface RunningWorker {
  /** Resolves when the worker has stopped (after `shutdown()`), rejects when it fails. */
  readonly done: Promise<void>;
  /** Stops polling, lets running nodes finish within the grace time, then closes the connection. */
  shutdown(): Promise<void>;
}

let runtimeInstalled = false;

/** Temporal's core logs through its own logger: only its warnings, so that a worker's output is ours. */
function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** The workflow code, bundled at build time (dist/workflow-bundle.js) or, from the sources, at start. */
function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = new URL('../workflow-bundle.js', import.meta.url);
  if (bundle.protocol === 'file:' && existsSync(fileURLToPath(bundle))) return { workflowBundle: { codePath: fileURLToPath(bundle) } };
  return { workflowsPath: fileURLToPath(new URL('../workflow/index' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url)) };
}

function countOption(value: number | undefined, option: string, fallback: number, least: number): number {
  if (value === undefined) return fallback;
  if (Number.isSafeInteger(value) && value >= least) return value;
  throw new TemporalRunnerError({ kind: 'option', option, message: `Worker option '${option}' should be a whole number of at least ${least}, got ${String(value)}.` });
}

export async function runWorker(options: WorkerOptions): Promise<RunningWorker> {
  const maxConcurrentNodes = countOption(options.maxConcurrentNodes, 'maxConcurrentNodes', 1, 1);
  const prefetchNodes = countOption(options.prefetchNodes, 'prefetchNodes', 1, 0);
  const nodeThreads = Math.min(maxConcurrentNodes, countOption(options.nodeThreads, 'nodeThreads', availableParallelism(), 1));
  installRuntime();
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect({ address: options.address });
  } catch (error) {
    throw new TemporalRunnerError({
      kind: 'connection',
      option: 'address',
      message: `Cannot reach the Temporal server at '${options.address}': ${(error as Error)?.message ?? String(error)}. Start it, or pass its address (--address).`,
      cause: error,
    });
  }
  const inProcess = options.inProcess ?? false;
  const taken = maxConcurrentNodes + (inProcess ? 0 : prefetchNodes);
  let worker: Worker;
  let threads: NodeThreadPool | undefined;
  try {
    threads = inProcess
      ? undefined
      : await startProjectThreads(options.metadata, {
          size: nodeThreads,
          perThread: Math.ceil(maxConcurrentNodes / nodeThreads),
          remedy: 'Start the worker with --in-process (inProcess: true) to run nodes on its main thread, or persist that dataset to a file dataset between the nodes.',
          moduleLoader: options.moduleLoader,
          workerExecArgv: options.workerExecArgv,
        });
    worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      activities: nodeActivities(options, threads),
      maxConcurrentActivityTaskExecutions: taken,
      shutdownGraceTime: '10s',
      ...workflowSource(),
    });
  } catch (error) {
    await threads?.close();
    await connection.close().catch(() => undefined);
    throw error;
  }
  log.info(
    "Worker of '%s' polling task queue '%s' (namespace '%s', %d node(s) at once %s, %d taken ahead).",
    options.metadata.packageName,
    options.taskQueue,
    options.namespace,
    maxConcurrentNodes,
    inProcess ? 'on its main thread' : `on ${nodeThreads} thread(s)`,
    taken - maxConcurrentNodes,
  );
  const done = worker.run().finally(async () => {
    await threads?.close();
    await connection.close().catch(() => undefined);
  });
  return {
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

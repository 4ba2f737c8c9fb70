/**
 * A worker: polls one task queue of a Temporal namespace for the nodes of this project's runs (and
 * for the scheduling workflow's tasks) until it is shut down. Any number run on any machines that
 * have the project; each runs up to `maxConcurrentNodes` nodes at once.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { TemporalRunnerError } from '../errors/temporal-runner-error.js';
import { nodeActivities, type WorkerProject } from './node-activity.js';

const log = getLogger('kedro-mlflow.temporal.worker');

export interface WorkerOptions extends WorkerProject {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Nodes this worker runs at once (default 1: a node is one JavaScript thread's work). */
  maxConcurrentNodes?: number;
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

export async function runWorker(options: WorkerOptions): Promise<RunningWorker> {
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
  const maxConcurrentNodes = options.maxConcurrentNodes ?? 1;
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      activities: nodeActivities(options),
      maxConcurrentActivityTaskExecutions: maxConcurrentNodes,
      shutdownGraceTime: '10s',
      ...workflowSource(),
    });
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  log.info("Worker of '%s' polling task queue '%s' (namespace '%s', %d node(s) at once).", options.metadata.packageName, options.taskQueue, options.namespace, maxConcurrentNodes);
  const done = worker.run().finally(() => connection.close().catch(() => undefined));
  return {
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

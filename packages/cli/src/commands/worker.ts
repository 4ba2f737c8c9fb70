/**
 * `kedro-mlflow worker`: a Temporal worker for this project. It polls a task queue for the nodes of
 * runs submitted with `--runner TemporalRunner` (from any machine) and runs each inside the project,
 * with the project's hooks. Ctrl-C / SIGTERM stop polling and let the running nodes finish first.
 */
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { integerOption } from '../parse/integer-option.js';
import { withoutSourceMaps } from '../loader/register.js';
import { setupLogging } from '../output/logging.js';
import type { Terminal } from '../output/terminal.js';
import { registerCliPlugins } from './plugins.js';
import { openProject } from './project-context.js';
import { SIGNAL_EXIT_CODES, type HandledSignal } from './run-interrupts.js';

export interface WorkerCommandOptions {
  taskQueue: string | undefined;
  address: string | undefined;
  namespace: string | undefined;
  maxConcurrentNodes: string | undefined;
  prefetchNodes: string | undefined;
  nodeThreads: string | undefined;
  inProcess: boolean;
  verbose: boolean;
  terminal: Terminal;
}

/** Far above any machine's threads or a sane prefetch; it only bounds typos. */
const MAX_NODES = 10_000;

export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  setupLogging({ verbose: options.verbose, terminal: options.terminal });
  const log = getLogger('kedro.framework.cli');
  const maxConcurrentNodes = options.maxConcurrentNodes === undefined ? 1 : integerOption('--max-concurrent-nodes', options.maxConcurrentNodes, 1, MAX_NODES);
  const prefetchNodes = options.prefetchNodes === undefined ? 1 : integerOption('--prefetch-nodes', options.prefetchNodes, 0, MAX_NODES);
  const nodeThreads = options.nodeThreads === undefined ? undefined : integerOption('--node-threads', options.nodeThreads, 1, MAX_NODES);
  const { metadata, loader } = await openProject();
  await registerCliPlugins(metadata, loader);
  const { runWorker } = await withoutSourceMaps(() => import('@kedro-mlflow/temporal'));
  const worker = await runWorker({
    metadata,
    moduleLoader: loader.moduleLoader,
    workerExecArgv: loader.workerExecArgv,
    address: options.address ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: options.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: options.taskQueue ?? 'kedro-mlflow',
    maxConcurrentNodes,
    prefetchNodes,
    ...(nodeThreads !== undefined ? { nodeThreads } : {}),
    inProcess: options.inProcess,
  });
  let signalled: HandledSignal | undefined;
  const stop = (signal: HandledSignal): void => {
    if (signalled !== undefined) process.exit(SIGNAL_EXIT_CODES[signal]);
    signalled = signal;
    log.warn('%s received: the worker stops taking nodes and ends when its running nodes have finished (again to exit at once).', signal);
    void worker.shutdown();
  };
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) process.on(signal, stop);
  try {
    await worker.done;
  } finally {
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) process.off(signal, stop);
  }
  return signalled === undefined ? 0 : SIGNAL_EXIT_CODES[signalled];
}

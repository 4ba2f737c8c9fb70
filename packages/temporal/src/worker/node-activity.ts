/**
 * The activity behind every node: it re-enters the project where the worker runs (a session of its
 * own that is a part of the driver's run, with the project's hooks and catalog), points the node's
 * in-memory datasets at the run's intermediates, and runs that one node through the catalog. A node's
 * error goes back as data (core-pipeline's error codec), so the driver rebuilds it with its class.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  encodeThrown,
  KedroSession,
  loadPipelineRegistry,
  ParallelRunner,
  type KedroHookSpecs,
  type ModuleLoader,
  type NodeThreadPool,
  type Pipeline,
  type ProjectMetadata,
} from '@kedro-mlflow/core-pipeline';
import { TemporalRunnerError } from '../errors/temporal-runner-error.js';
import { useIntermediates } from '../intermediates.js';
import { NODE_ERROR_TYPE, WRONG_WORKER_TYPE, type NodeActivities, type NodeTaskInput } from '../workflow/contract.js';

export interface WorkerProject {
  metadata: ProjectMetadata;
  moduleLoader?: ModuleLoader | undefined;
  workerExecArgv?: string[] | undefined;
}

/** Heartbeats go out this often (a share of the heartbeat timeout); a worker that dies stops them. */
const HEARTBEATS_PER_TIMEOUT = 4;

/**
 * `threads`: where node functions run. A CPU-bound node on the worker's own thread would stop its
 * event loop, so its heartbeats and its next task would wait for the node; on a thread they do not.
 * Undefined: nodes run on the worker's thread (their data then needs no copy between threads).
 */
export function nodeActivities(project: WorkerProject, threads?: NodeThreadPool): NodeActivities {
  const registry = sharedRegistry(project);
  const generators = generatorNodes(registry);
  return {
    async runKedroNode(input: NodeTaskInput): Promise<number> {
      const context = Context.current();
      const every = Math.max(100, Math.floor((context.info.heartbeatTimeoutMs ?? 30_000) / HEARTBEATS_PER_TIMEOUT));
      const beat = setInterval(() => context.heartbeat(), every);
      const started = performance.now();
      try {
        const onThread = threads !== undefined && !(await generators()).has(input.nodeName);
        await runPartNode(project, registry, input, onThread ? new ParallelRunner({ threads }) : 'SequentialRunner');
        return Math.round((performance.now() - started) * 10) / 10;
      } catch (error) {
        throw asFailure(error, input);
      } finally {
        clearInterval(beat);
      }
    },
  };
}

/**
 * The project's pipelines, built once per worker (the code a worker runs is the code it started
 * with): re-entering the project per node then costs the same for a pipeline of 10 or 10,000 nodes.
 * A failed load is not kept, so the next node tries again.
 */
function sharedRegistry(project: WorkerProject): () => Promise<Record<string, Pipeline>> {
  let loading: Promise<Record<string, Pipeline>> | undefined;
  return () => {
    if (loading === undefined) {
      const attempt = loadPipelineRegistry(project.metadata, project.moduleLoader);
      attempt.catch(() => {
        if (loading === attempt) loading = undefined;
      });
      loading = attempt;
    }
    return loading;
  };
}

/** Generator nodes yield their outputs piece by piece into the catalog, which lives on the worker's thread: they run there. */
function generatorNodes(registry: () => Promise<Record<string, Pipeline>>): () => Promise<ReadonlySet<string>> {
  let found: { from: Promise<Record<string, Pipeline>>; names: Set<string> } | undefined;
  return async () => {
    const from = registry();
    if (found?.from !== from) {
      const names = new Set<string>();
      for (const pipeline of Object.values(await from)) for (const n of pipeline.nodes) if (n.isGenerator) names.add(n.name);
      found = { from, names };
    }
    return found.names;
  };
}

async function runPartNode(
  project: WorkerProject,
  registry: () => Promise<Record<string, Pipeline>>,
  { nodeName, part }: NodeTaskInput,
  runner: ParallelRunner | 'SequentialRunner',
): Promise<void> {
  if (part.project !== project.metadata.packageName) {
    throw new TemporalRunnerError({
      kind: 'wrong-project',
      nodeName,
      message:
        `This worker serves the project '${project.metadata.packageName}' but took node '${nodeName}' of project '${part.project}'. ` +
        'Give each project its own task queue (--task-queue).',
    });
  }
  const root = part.intermediatesRoot;
  const intermediates =
    root === undefined ? [] : [{ beforePipelineRun: ({ pipeline, catalog }: KedroHookSpecs['beforePipelineRun']) => useIntermediates(pipeline, catalog, root, part.sessionId) }];
  const session = await KedroSession.create({
    projectPath: project.metadata.projectPath,
    env: part.env,
    runtimeParams: part.runtimeParams,
    partOf: { sessionId: part.sessionId, values: part.values },
    pipelineRegistry: registry,
    hooks: intermediates,
    ...(project.moduleLoader !== undefined ? { moduleLoader: project.moduleLoader } : {}),
    ...(project.workerExecArgv !== undefined ? { workerExecArgv: project.workerExecArgv } : {}),
  });
  try {
    await session.run({ pipelineNames: part.pipelineNames, nodeNames: [nodeName], loadVersions: part.loadVersions, runner });
  } finally {
    session.close();
  }
}

/** The activity's failure: the node's error as data; retried only when asked (a lost worker is retried by Temporal anyway). */
function asFailure(error: unknown, input: NodeTaskInput): ApplicationFailure {
  const wrongWorker = TemporalRunnerError.isInstance(error) && error.kind === 'wrong-project';
  const message = error instanceof Error ? error.message : String(error);
  return ApplicationFailure.create({
    type: wrongWorker ? WRONG_WORKER_TYPE : NODE_ERROR_TYPE,
    message,
    nonRetryable: wrongWorker || !input.part.retryNodeErrors,
    details: [encodeThrown(error)],
  });
}

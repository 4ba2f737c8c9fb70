/**
 * `TemporalRunner`: a pipeline run as one Temporal workflow, each node an activity that a worker
 * (`kedro-mlflow worker`, on any machine that has the project) runs inside the project. The driver
 * (this runner, in `kedro-mlflow run`) checks that every dataset can travel, submits the workflow,
 * reports nodes as they complete, maps a failed node to core-pipeline's NodeRunError (with kedro's
 * resume hint), cancels the workflow when the run is interrupted, and removes the run's intermediates.
 * One MLflow run covers the whole distributed run: its id travels to every activity.
 */
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, CancelledFailure, TerminatedFailure } from '@temporalio/common';
import { AbstractRunner, bootstrapProject, decodeThrown, getLogger, type DataCatalog, type EncodedThrown, type Pipeline, type Schedule } from '@kedro-mlflow/core-pipeline';
import { currentMlflowRun, PART_MLFLOW_RUN_ID } from '@kedro-mlflow/datasets';
import { TemporalRunnerError } from '../errors/temporal-runner-error.js';
import { datasetsToTravel, intermediateDataset, removeIntermediates, resolveIntermediatesRoot } from '../intermediates.js';
import { dagPlanOf } from '../workflow/dag-plan.js';
import {
  NODE_ERROR_TYPE,
  NODE_FAILED_TYPE,
  PROGRESS_QUERY,
  WORKFLOW_NAME,
  type NodeFailureDetails,
  type NodeProgress,
  type PartSpec,
  type PipelineWorkflowInput,
  type PipelineWorkflowResult,
} from '../workflow/contract.js';
import { parseRunnerOptions, type ResolvedRunnerOptions, type TemporalRunnerOptions } from './runner-options.js';

const log = getLogger('kedro-mlflow.temporal');

/** How often the driver asks the workflow which nodes are done (for progress and freeing datasets). */
const PROGRESS_POLL_MS = 500;
/** Temporal's ACTIVITY task queue type (TaskQueueType enum). */
const ACTIVITY_QUEUE = 2;

export class TemporalRunner extends AbstractRunner {
  readonly options: ResolvedRunnerOptions;
  /** The in-memory datasets of the current run, which travel as intermediates. */
  #travel: string[] = [];

  constructor(options: TemporalRunnerOptions = {}) {
    super({});
    this.options = parseRunnerOptions(options);
  }

  protected override async beforeRun(pipeline: Pipeline, catalog: DataCatalog): Promise<void> {
    const { intermediates, cannotTravel } = datasetsToTravel(pipeline, catalog);
    if (cannotTravel.length > 0) {
      throw new TemporalRunnerError({
        kind: 'cannot-travel',
        datasets: cannotTravel,
        message: `Dataset(s) ${cannotTravel.join(', ')} cannot be shared between processes, so TemporalRunner cannot run nodes that use them on other workers. Use a file or object-store dataset instead.`,
      });
    }
    if (intermediates.length > 0 && this.options.intermediates === undefined) {
      throw new TemporalRunnerError({
        kind: 'cannot-travel',
        option: 'intermediates',
        datasets: intermediates,
        message:
          `Dataset(s) ${intermediates.join(', ')} would live in memory between nodes, which run on different workers. ` +
          'Give them a file or object-store type in catalog.yml, or let them travel through a folder every worker sees or an object store: ' +
          '--runner-params intermediates=s3://<bucket>/<prefix> (or intermediates=/shared/folder).',
      });
    }
    this.#travel = intermediates;
  }

  protected async runNodes(schedule: Schedule): Promise<void> {
    const { runParams, pipeline, ctx } = schedule;
    if (runParams?.projectPath === undefined) {
      throw new TemporalRunnerError({
        kind: 'option',
        message: "TemporalRunner runs a project's pipeline, which its workers re-enter: run it through a KedroSession (kedro-mlflow run --runner TemporalRunner).",
      });
    }
    const metadata = await bootstrapProject(runParams.projectPath);
    const root = this.options.intermediates === undefined ? undefined : resolveIntermediatesRoot(this.options.intermediates, metadata.projectPath);
    const sessionId = runParams.runId;
    const mlflowRun = currentMlflowRun();
    const part: PartSpec = {
      project: metadata.packageName,
      sessionId,
      env: runParams.env ?? 'local',
      runtimeParams: runParams.runtimeParams ?? {},
      pipelineNames: runParams.pipelineNames ?? ['__default__'],
      loadVersions: runParams.loadVersions ?? {},
      values: mlflowRun === undefined ? {} : { [PART_MLFLOW_RUN_ID]: mlflowRun.runId },
      intermediatesRoot: root,
      retryNodeErrors: this.options.retryNodeErrors,
    };
    const travel = this.#travel;
    try {
      if (root !== undefined) await this.#sendFreeInputs(pipeline, ctx.catalog, travel, root, sessionId);
      await this.#runWorkflow(schedule, part, `kedro-${metadata.packageName}-${sessionId}`);
      if (root !== undefined) await this.#receiveFreeOutputs(pipeline, ctx.catalog, travel, root, sessionId);
    } finally {
      if (root !== undefined) {
        await removeIntermediates(root, sessionId, travel).catch((error: unknown) =>
          log.warn("Could not remove the run's intermediates under '%s/%s': %s", root, sessionId, (error as Error)?.message ?? String(error)),
        );
      }
    }
  }

  /** In-memory inputs the driver holds (e.g. data a program put in the catalog) go to the workers as intermediates. */
  async #sendFreeInputs(pipeline: Pipeline, catalog: DataCatalog, travel: string[], root: string, sessionId: string): Promise<void> {
    const inputs = pipeline.inputs();
    for (const name of travel.filter((n) => inputs.has(n))) await intermediateDataset(root, sessionId, name).save(await catalog.load(name));
  }

  /** In-memory outputs of the pipeline come back into the driver's catalog (the run's result). */
  async #receiveFreeOutputs(pipeline: Pipeline, catalog: DataCatalog, travel: string[], root: string, sessionId: string): Promise<void> {
    const outputs = pipeline.outputs();
    for (const name of travel.filter((n) => outputs.has(n))) await catalog.save(name, await intermediateDataset(root, sessionId, name).load());
  }

  async #runWorkflow(schedule: Schedule, part: PartSpec, workflowId: string): Promise<void> {
    const { address, namespace, taskQueue } = this.options;
    let connection: Connection;
    try {
      connection = await Connection.connect({ address, connectTimeout: 10_000 });
    } catch (error) {
      throw new TemporalRunnerError({
        kind: 'connection',
        option: 'address',
        message: `Cannot reach the Temporal server at '${address}': ${(error as Error)?.message ?? String(error)}. Start it, or pass its address: --runner-params address=<host:port>.`,
        cause: error,
      });
    }
    try {
      const client = new Client({ connection, namespace });
      await warnWithoutWorkers(client, namespace, taskQueue);
      const input: PipelineWorkflowInput = {
        plan: dagPlanOf(schedule.pipeline),
        done: [],
        width: this.options.maxWidth,
        historyBatch: this.options.historyBatch,
        activity: {
          startToCloseTimeoutMs: this.options.nodeTimeout * 1000,
          heartbeatTimeoutMs: this.options.heartbeatTimeout * 1000,
          maximumAttempts: this.options.maxAttempts,
        },
        part,
      };
      const handle = await client.workflow.start(WORKFLOW_NAME, { taskQueue, workflowId, args: [input] });
      log.info("Submitted the pipeline as workflow '%s' to task queue '%s' (namespace '%s').", workflowId, taskQueue, namespace);
      const stopInterrupt = schedule.interrupt?.onInterrupt(() => this.#cancel(handle, workflowId));
      const progress = new ProgressReporter(handle, schedule, async (index, durationMs) => {
        const node = schedule.pipeline.nodes[index]!;
        // The node's time on its worker, for the completion log and the run summary.
        if (durationMs !== null) schedule.started.set(node, performance.now() - durationMs);
        await schedule.ctx.hooks.call('afterRemoteNodeRun', { node, runId: schedule.ctx.runId, durationMs });
        await this.completed(node, schedule);
      });
      let result: PipelineWorkflowResult;
      try {
        result = (await handle.result()) as PipelineWorkflowResult;
      } catch (error) {
        await progress.stop();
        throw await this.#runError(error, schedule, progress, workflowId);
      } finally {
        stopInterrupt?.();
        await progress.stop();
      }
      await progress.report(result.progress ?? []);
      await progress.reportAll();
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  /** Cancels the workflow (the run was interrupted) and waits, within `cancelTimeout`, for it to end. */
  async #cancel(handle: WorkflowHandle, workflowId: string): Promise<void> {
    log.warn("Cancelling workflow '%s'.", workflowId);
    try {
      await handle.cancel();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.cancelTimeout * 1000)));
      await Promise.race([handle.result().then(() => undefined, () => undefined), limit]).finally(() => clearTimeout(timer));
    } catch (error) {
      log.error("Could not cancel workflow '%s': %s", workflowId, (error as Error)?.message ?? String(error));
    }
  }

  async #runError(error: unknown, schedule: Schedule, progress: ProgressReporter, workflowId: string): Promise<Error> {
    const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === NODE_FAILED_TYPE) {
      const details = cause.details?.[0] as NodeFailureDetails | undefined;
      const node = schedule.pipeline.nodes.find((n) => n.name === details?.nodeName);
      if (details !== undefined && node !== undefined) {
        await progress.report(details.done.map((index) => [index, null]));
        const nodeError = nodeErrorOf(cause.cause);
        await schedule.ctx.hooks.call('onRemoteNodeError', { node, error: nodeError, runId: schedule.ctx.runId });
        return this.failed(node, nodeError, schedule);
      }
    }
    if (cause instanceof CancelledFailure || cause instanceof TerminatedFailure) {
      return new TemporalRunnerError({ kind: 'cancelled', workflowId, message: `The workflow '${workflowId}' was ${cause instanceof CancelledFailure ? 'cancelled' : 'terminated'}: the run stopped.`, cause });
    }
    const reason = (cause ?? error) instanceof Error ? ((cause ?? error) as Error).message : String(error);
    return new TemporalRunnerError({ kind: 'workflow', workflowId, message: `The workflow '${workflowId}' failed: ${reason}`, cause: error });
  }
}

/** The node's own error, rebuilt with its class; for a node lost with its workers, Temporal's timeout. */
function nodeErrorOf(failure: unknown): unknown {
  const inner = failure instanceof ActivityFailure ? failure.cause : failure;
  if (inner instanceof ApplicationFailure && inner.type === NODE_ERROR_TYPE && inner.details?.[0] !== undefined) return decodeThrown(inner.details[0] as EncodedThrown);
  return inner ?? failure;
}

async function warnWithoutWorkers(client: Client, namespace: string, taskQueue: string): Promise<void> {
  try {
    const queue = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: ACTIVITY_QUEUE });
    if ((queue.pollers ?? []).length === 0) {
      log.warn("No worker is polling task queue '%s' yet: the run waits until one starts (kedro-mlflow worker --task-queue %s).", taskQueue, taskQueue);
    }
  } catch {
    // Only a hint: the run itself reports real connection problems.
  }
}

/** Asks the workflow which nodes are done, and reports each once (the runner's `completed`). */
class ProgressReporter {
  readonly #reported = new Set<number>();
  readonly #timer: NodeJS.Timeout;
  #polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly handle: WorkflowHandle,
    private readonly schedule: Schedule,
    private readonly onCompleted: (index: number, durationMs: number | null) => Promise<void>,
  ) {
    this.#timer = setInterval(() => {
      this.#polling = this.#polling.then(() => this.#poll());
    }, PROGRESS_POLL_MS);
  }

  async #poll(): Promise<void> {
    let done: NodeProgress;
    try {
      done = await this.handle.query<NodeProgress>(PROGRESS_QUERY);
    } catch {
      return; // between two runs of a continue-as-new, or the workflow has ended
    }
    await this.report(done);
  }

  async report(done: NodeProgress): Promise<void> {
    for (const [index, durationMs] of [...done].sort((a, b) => a[0] - b[0])) {
      if (this.#reported.has(index)) continue;
      this.#reported.add(index);
      await this.onCompleted(index, durationMs);
    }
  }

  /** Every node not reported yet (the workflow completed). */
  async reportAll(): Promise<void> {
    await this.report(this.schedule.pipeline.nodes.map((_, index) => [index, null]));
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
  }
}

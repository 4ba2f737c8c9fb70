/**
 * `MlflowHook`: one MLflow run per pipeline run. After the context is created it reads and checks
 * `mlflow.yml` and sets MLflow up (credentials, header provider, experiment); before the pipeline
 * runs it starts (or resumes, or reuses) the run and tags it; around the run it makes the run the
 * current one of every node and dataset (see `currentMlflowRun`); before each node it logs the
 * node's parameters; at the end it ends the run FINISHED, or FAILED on error.
 */
import {
  getLogger,
  registerConfigResolver,
  type DataCatalog,
  type KedroContext,
  type KedroHookSpecs,
  type Pipeline,
  type RunParams,
} from '@kedro-mlflow/core-pipeline';
import { nameMlflowDatasets, PART_MLFLOW_RUN_ID } from '@kedro-mlflow/datasets';
import { MlflowTracking, type MlflowTrackingOptions } from '@kedro-mlflow/mlflow-client';
import { getMlflowConfig, type ResolvedMlflowConfig } from '../config/load-config.js';
import { RANDOM_NAME_RESOLVER, randomRunName } from '../config/random-name.js';
import { MlflowHookError } from '../errors/mlflow-hook-error.js';
import { runInMlflowScope } from './current-run.js';
import { runPipelineNames } from './kedro-command.js';
import { paramsToLog } from './node-params.js';
import { runTags } from './run-tags.js';
import { PipelineModelLogging } from './pipeline-ml-logging.js';
import { releaseState, stateFromConfig, stateFromOrchestrator, type SessionState } from './session-state.js';
import { SessionStates } from './session-states.js';
import { RunRecorder } from '../summary/run-recorder.js';
import { logRunSummaryArtifacts } from '../summary/summary-artifacts.js';

const log = getLogger('kedro-mlflow.hook');

export interface MlflowHookOptions {
  /**
   * An orchestrator's tracking object. When it has an active run where the session is created, that
   * run is used for the pipeline and left open, and mlflow.yml's server and experiment are ignored.
   */
  tracking?: MlflowTracking;
  /** Options of the tracking object made for each run (journal folder, flush interval, exit handlers). */
  trackingOptions?: Omit<MlflowTrackingOptions, 'client' | 'experimentId' | 'experimentName'>;
  /** Where `MLFLOW_*` variables are read and credentials exported (default `process.env`). */
  env?: Record<string, string | undefined>;
}

const configs = new WeakMap<KedroContext, ResolvedMlflowConfig>();

/** The MLflow run a hook used for one session's pipeline run (what a CLI prints at the end). */
export interface MlflowRunInfo {
  readonly runId: string;
  readonly experimentId: string;
  readonly experimentName: string;
  readonly trackingUri: string;
}

/** How long the hook's run queue gathers records before sending them (MlflowTracking's default is 500 ms). */
const HOOK_FLUSH_INTERVAL_MS = 20;

/** Run infos kept per hook: a hook shared by many sessions keeps only the latest ones. */
const MAX_KEPT_RUNS = 64;

/** The MLflow configuration the hook resolved for a context (kedro-mlflow's `context.mlflow`). */
export function mlflowConfigOf(context: KedroContext): ResolvedMlflowConfig | undefined {
  return configs.get(context);
}

export class MlflowHook {
  readonly #options: MlflowHookOptions;
  readonly #sessions = new SessionStates();
  readonly #runs = new Map<string, MlflowRunInfo>();
  /** Node timings and dataset versions of each tracked pipeline run, for its run summary. */
  readonly #recorder = new RunRecorder();
  /** The PipelineML of each run: checked before its first node, logged as a model after its last. */
  readonly #models = new PipelineModelLogging();
  /** Set by abortRuns: runs started afterwards are ended at once with it. */
  #abortStatus: 'KILLED' | 'FAILED' | undefined;

  constructor(options: MlflowHookOptions = {}) {
    this.#options = options;
    // Registered before any context exists, so mlflow.yml, catalog.yml and parameters can use it.
    if (registerConfigResolver(RANDOM_NAME_RESOLVER, () => randomRunName())) log.debug("Registered the config resolver '%s'.", RANDOM_NAME_RESOLVER);
  }

  get #env(): Record<string, string | undefined> {
    return this.#options.env ?? process.env;
  }

  async afterContextCreated({ context: value }: KedroHookSpecs['afterContextCreated']): Promise<void> {
    const context = value as KedroContext;
    const key = context.sessionId ?? '';
    this.#models.contextCreated(key, context);
    if (this.#options.tracking?.activeRun() !== undefined) {
      const state = await stateFromOrchestrator(context, this.#options.tracking);
      configs.set(context, state.config);
      await this.#sessions.keep(key, state);
      return;
    }
    const config = await getMlflowConfig(context, { env: this.#env });
    configs.set(context, config);
    // The experiment is looked up (or created) while the session loads its pipelines and catalog;
    // beforePipelineRun waits for it, so a failure still stops the run before its first node.
    this.#sessions.start(key, stateFromConfig(context, config, this.#env));
  }

  #state(runParams: RunParams, hook: string): SessionState {
    const state = this.#sessions.of(runParams.runId);
    if (state === undefined) {
      throw new MlflowHookError(
        `MlflowHook.${hook}: no context was created for session '${runParams.runId}'. Register the hook in a KedroSession ` +
          '(settings hooks, or the plugin factory) so that it sees afterContextCreated first.',
      );
    }
    return state;
  }

  /**
   * Automatic metric keys (kedro-mlflow §2.3): the catalog's MLflow artifact and metric entries are
   * built now (a broken one fails before the pipeline starts) and take their entry's name as key or
   * prefix when they have none; factory-pattern datasets get theirs when first built.
   */
  afterCatalogCreated({ catalog }: KedroHookSpecs['afterCatalogCreated']): void {
    nameMlflowDatasets(catalog);
  }

  async beforePipelineRun({ runParams, pipeline, catalog }: KedroHookSpecs['beforePipelineRun']): Promise<void> {
    await this.#sessions.settle(runParams.runId);
    const state = this.#state(runParams, 'beforePipelineRun');
    const names = runPipelineNames(runParams);
    const disabled = state.config.tracking.disable_tracking.pipelines;
    state.enabled = this.#abortStatus === undefined && !names.every((name) => disabled.includes(name));
    state.runId = undefined;
    if (!state.enabled) {
      log.info('kedro-mlflow logging is deactivated for this pipeline in the configuration. This includes datasets and parameters.');
      return;
    }
    if (runParams.partOf !== undefined) {
      this.#joinDriverRun(runParams, state);
      return;
    }
    // Before the run exists: a training that could not log its model fails here, not at its end.
    await this.#models.beforeRun(runParams, pipeline, catalog);
    const tags = runTags(runParams);
    if (state.orchestrator) {
      const active = state.tracking!.activeRun()!;
      log.warn("An MLflow run was already active (run_id='%s') before the KedroSession was started. This run will be used for logging.", active.runId);
      state.runId = active.runId;
      this.#keepRun(runParams.runId, state);
      state.tracking!.forRun(active.runId).logBatch({ tags });
      this.#beginSummary(runParams, pipeline, catalog, state);
      return;
    }
    const runConfig = state.config.tracking.run;
    // A short flush interval sends the parameters and metrics of a pipeline run while its nodes run,
    // not all at its end; with one request in flight per run, busier runs still batch.
    state.tracking = new MlflowTracking({ env: this.#env, flushIntervalMs: HOOK_FLUSH_INTERVAL_MS, ...this.#options.trackingOptions, client: state.client, experimentId: state.experimentId });
    const run = await state.tracking.startRun({
      runName: runConfig.name ?? names.join('+'),
      nested: runConfig.nested,
      tags,
      ...(runConfig.id === null ? {} : { runId: runConfig.id }),
    });
    state.runId = run.runId;
    this.#keepRun(runParams.runId, state);
    this.#beginSummary(runParams, pipeline, catalog, state);
    log.info("MLflow run '%s' - '%s' has started.", run.runName, run.runId);
    // A signal arrived while the run was being created: it must not stay RUNNING.
    if (this.#abortStatus !== undefined) await this.#abortRun(state, this.#abortStatus);
  }

  /**
   * A part of a distributed run (a worker running one node) logs into the run the driver opened;
   * without one (the driver did not track) it logs nothing, rather than a run per node.
   */
  #joinDriverRun(runParams: RunParams, state: SessionState): void {
    const runId = runParams.partOf!.values[PART_MLFLOW_RUN_ID];
    state.part = true;
    if (runId === undefined) {
      state.enabled = false;
      log.debug('This run is part of the untracked run %s: nothing is logged.', runParams.partOf!.sessionId);
      return;
    }
    state.tracking = new MlflowTracking({ env: this.#env, flushIntervalMs: HOOK_FLUSH_INTERVAL_MS, ...this.#options.trackingOptions, client: state.client, experimentId: state.experimentId });
    state.runId = runId;
    this.#keepRun(runParams.runId, state);
    log.debug("Logging into the MLflow run '%s' of the distributed run %s.", runId, runParams.partOf!.sessionId);
  }

  #beginSummary(runParams: RunParams, pipeline: Pipeline, catalog: DataCatalog, state: SessionState): void {
    const summary = state.config.tracking.run_summary;
    if (summary.enabled) this.#recorder.begin({ runParams, pipeline, catalog, mlflowRunId: state.runId!, dagDatasets: summary.dag_datasets });
  }

  #keepRun(sessionId: string, state: SessionState): void {
    this.#runs.delete(sessionId);
    this.#runs.set(sessionId, {
      runId: state.runId!,
      experimentId: state.experimentId,
      experimentName: state.config.tracking.experiment.name,
      trackingUri: state.config.server.mlflow_tracking_uri,
    });
    if (this.#runs.size > MAX_KEPT_RUNS) this.#runs.delete(this.#runs.keys().next().value!);
  }

  /** The MLflow run of session `sessionId`'s pipeline run (also after it ended); undefined when it was not tracked. */
  runOf(sessionId: string): MlflowRunInfo | undefined {
    return this.#runs.get(sessionId);
  }

  /**
   * Ends every run this hook has open with `status` — what a CLI does when a signal stops the
   * process mid-run: nested runs a node left open first, each after its queued data was sent (or
   * journaled when the server does not answer), then releases what the hook made. A run an
   * orchestrator owns is flushed and left open. Returns the ids of the pipeline runs it ended.
   * The pipeline itself is not stopped: whatever it logs afterwards fails, and its end is ignored.
   */
  async abortRuns(status: 'KILLED' | 'FAILED' = 'KILLED'): Promise<string[]> {
    this.#abortStatus = status;
    const ended: string[] = [];
    for (const state of this.#sessions.values()) {
      if (await this.#abortRun(state, status)) ended.push(state.runId!);
    }
    return ended;
  }

  /** Ends a session's run `status` and releases it; later hooks of that session then do nothing. */
  async #abortRun(state: SessionState, status: 'KILLED' | 'FAILED'): Promise<boolean> {
    const wasEnabled = state.enabled;
    state.enabled = false;
    try {
      if (!wasEnabled || state.runId === undefined || state.orchestrator || state.part || state.tracking === undefined) return false;
      if (!(await endRunsThrough(state.tracking, state.runId, status))) {
        await state.tracking.flush();
        await state.client.setTerminated(state.runId, status);
      }
      log.info("The MLflow run '%s' was ended %s.", state.runId, status);
      return true;
    } catch (error) {
      log.error("Could not end the MLflow run '%s' %s: %s", state.runId, status, (error as Error)?.message ?? String(error));
      return false;
    } finally {
      await releaseState(state).catch(() => undefined);
    }
  }

  /** Nodes and datasets run with the pipeline's MLflow run as their current run, whatever the runner. */
  async aroundPipelineRun({ runParams, proceed }: KedroHookSpecs['aroundPipelineRun']): Promise<void> {
    const state = this.#sessions.of(runParams.runId);
    if (state === undefined || !state.enabled || state.runId === undefined || state.tracking === undefined) {
      await runInMlflowScope({ enabled: false }, proceed);
      return;
    }
    // A run this hook created here gets every metric point through its tracking: datasets need not ask the server for steps.
    const localHistory = !state.orchestrator && state.tracking.createdHere(state.runId);
    const run = { runId: state.runId, experimentId: state.experimentId, tracking: state.tracking, config: state.config, localHistory };
    await runInMlflowScope({ enabled: true, run }, () => this.#recorder.scoped(runParams.runId, proceed));
  }

  async beforeNodeRun({ node, inputs, runId }: KedroHookSpecs['beforeNodeRun']): Promise<void> {
    this.#recorder.nodeStarted(runId, node);
    try {
      await this.#logNodeParams(inputs, runId);
    } catch (error) {
      this.#recorder.nodeFailed(runId, node, error); // e.g. a parameter too long: the node fails before it runs
      throw error;
    }
  }

  afterNodeRun({ node, runId }: KedroHookSpecs['afterNodeRun']): void {
    this.#recorder.nodeCompleted(runId, node);
  }

  onNodeError({ node, runId, error }: KedroHookSpecs['onNodeError']): void {
    this.#recorder.nodeFailed(runId, node, error);
  }

  /** A node of a distributed run finished on a worker: the run summary of the driver shows it. */
  afterRemoteNodeRun({ node, runId }: KedroHookSpecs['afterRemoteNodeRun']): void {
    this.#recorder.nodeCompleted(runId, node);
  }

  onRemoteNodeError({ node, runId, error }: KedroHookSpecs['onRemoteNodeError']): void {
    this.#recorder.nodeFailed(runId, node, error);
  }

  async afterDatasetLoaded({ datasetName }: KedroHookSpecs['afterDatasetLoaded']): Promise<void> {
    await this.#recorder.datasetLoaded(datasetName);
  }

  afterDatasetSaved({ datasetName }: KedroHookSpecs['afterDatasetSaved']): void {
    this.#recorder.datasetSaved(datasetName);
  }

  async #logNodeParams(inputs: Record<string, unknown>, runId: string | undefined): Promise<void> {
    const state = runId === undefined ? undefined : this.#sessions.get(runId);
    if (state === undefined || !state.enabled || state.runId === undefined) return;
    const { params: all, tags } = paramsToLog(inputs, state.config.tracking.params);
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(all)) {
      const logged = `${state.runId}\n${key}`;
      if (state.loggedParams.get(logged) === value) continue;
      params[key] = value;
      state.loggedParams.set(logged, value);
    }
    if (Object.keys(params).length === 0 && Object.keys(tags).length === 0) return;
    // Sent to the pipeline run by id, not to "the active run": a node's own nested run stays apart.
    // Queued and journaled like the rest of the run (an outage fails no node); bad input throws here.
    state.tracking!.forRun(state.runId).logBatch({ params, tags });
  }

  async afterPipelineRun({ runParams, catalog }: KedroHookSpecs['afterPipelineRun']): Promise<void> {
    const state = this.#state(runParams, 'afterPipelineRun');
    try {
      // The model is logged while the run is still RUNNING; a model that cannot be logged fails the run.
      if (state.enabled && state.runId !== undefined && !state.part) {
        const flush = (): Promise<void> => state.tracking?.flush() ?? Promise.resolve();
        await this.#models.afterRun(runParams.runId, catalog, { client: state.client, runId: state.runId, experimentId: state.experimentId, flush });
      }
    } catch (error) {
      await this.#endRun(runParams, state, 'FAILED');
      throw error;
    } finally {
      this.#models.sessionEnded(runParams.runId);
    }
    await this.#endRun(runParams, state, 'FINISHED');
  }

  /** Ends the runs FAILED; a failure here is logged, never thrown, so the pipeline's own error is what the caller sees. */
  async onPipelineError({ runParams, error: pipelineError }: KedroHookSpecs['onPipelineError']): Promise<void> {
    this.#recorder.pipelineFailed(runParams.runId, pipelineError);
    this.#models.sessionEnded(runParams.runId);
    this.#sessions.drop(runParams.runId);
    const state = this.#sessions.of(runParams.runId);
    if (state === undefined) return;
    try {
      await this.#endRun(runParams, state, 'FAILED');
    } catch (error) {
      log.error("Could not mark the MLflow run '%s' FAILED after the pipeline error: %s", state.runId, (error as Error)?.message ?? String(error));
    }
  }

  async #endRun(runParams: RunParams, state: SessionState, status: 'FINISHED' | 'FAILED'): Promise<void> {
    this.#sessions.delete(runParams.runId);
    const recording = this.#recorder.take(runParams.runId);
    try {
      if (!state.enabled || state.runId === undefined) return;
      // Never throws: an upload failure is a warning, not the run's failure.
      if (state.part) return; // the driver ends the run (and releaseState below sends what is queued)
      if (recording !== undefined) {
        // What the run queued goes out while its summary uploads, instead of after them; the end
        // status is sent after both.
        const tracking = state.tracking!;
        await Promise.all([
          logRunSummaryArtifacts(tracking.forRun(state.runId), recording, status, { datasets: state.config.tracking.run_summary.dag_datasets }),
          tracking.flush().catch(() => undefined),
        ]);
      }
      if (state.orchestrator) {
        log.warn("The run '%s' was already opened before launching the session, so it is not closed. You should close it manually.", state.runId);
        return;
      }
      if (status === 'FINISHED') {
        await endRunsThrough(state.tracking!, state.runId, status);
        return;
      }
      const closed = await endRunsThrough(state.tracking!, state.runId, status, (id) => log.info("The run '%s' was closed because of an error in the pipeline.", id));
      if (!closed) {
        // The pipeline run is not active here any more (a node ended it): mark it through the client.
        await state.tracking!.flush();
        await state.client.setTerminated(state.runId, 'FAILED');
        log.info("The parent run '%s' was closed because of an error in the pipeline.", state.runId);
      }
    } finally {
      await releaseState(state);
    }
  }
}

/** Ends the active runs of `tracking` down to `runId` (nested runs a node left open first); true when `runId` was among them. */
async function endRunsThrough(tracking: MlflowTracking, runId: string, status: 'FINISHED' | 'FAILED' | 'KILLED', onEnd?: (id: string) => void): Promise<boolean> {
  for (let run = tracking.activeRun(); run !== undefined; run = tracking.activeRun()) {
    await tracking.endRun(status);
    onEnd?.(run.runId);
    if (run.runId === runId) return true;
    if (tracking.activeRun() === run) return false; // not ours to end (started in another context)
  }
  return false;
}


/**
 * What the hook knows about one session (kedro-mlflow keeps it on a process-wide hook instance, so
 * a second session in the same process could reuse the first one's run id). Here each session has
 * its own state, found by session id, and dropped when its run ends.
 */
import { getLogger, type KedroContext } from '@kedro-mlflow/core-pipeline';
import type { MlflowClient, MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { readMlflowConfig, type ResolvedMlflowConfig } from '../config/load-config.js';
import { setupMlflow } from '../config/setup-mlflow.js';
import { validateMlflowConfig } from '../config/validate-config.js';

const log = getLogger('kedro-mlflow.hook');

export interface SessionState {
  config: ResolvedMlflowConfig;
  client: MlflowClient;
  experimentId: string;
  /** A run was active in the tracking given to the hook: it is reused and never ended by the hook. */
  orchestrator: boolean;
  /**
   * This session runs a part of a distributed run (`runParams.partOf`): it logs into the driver's
   * run, which the driver tags, checks, ends and logs the model of.
   */
  part: boolean;
  /** The given tracking (orchestrator mode), or one made for this session's run. */
  tracking: MlflowTracking | undefined;
  /** Whether the hook made `client` and `tracking` (then it closes them). */
  owned: boolean;
  /** Set by beforePipelineRun. */
  enabled: boolean;
  runId: string | undefined;
  /**
   * Params this session already sent to its run, with their values: a parameter read by several
   * nodes is logged once (MLflow would store the same value again; a different one still goes out
   * and is refused as MLflow refuses it). Keyed by `<runId>\n<param>`.
   */
  loggedParams: Map<string, string>;
}

/** Releases what the hook made for a session (flushing first); only flushes a tracking object it was given. */
export async function releaseState(state: SessionState): Promise<void> {
  if (!state.owned) {
    await state.tracking?.flush();
    return;
  }
  await state.tracking?.close();
  await state.client.close();
}

/** A session of its own: mlflow.yml's server and experiment (created or restored when needed). */
export async function stateFromConfig(context: KedroContext, config: ResolvedMlflowConfig, env: Record<string, string | undefined>): Promise<SessionState> {
  const { client, experiment } = await setupMlflow(context, config, env);
  return { config, client, experimentId: experiment.experimentId, orchestrator: false, part: false, tracking: undefined, owned: true, enabled: true, runId: undefined, loggedParams: new Map() };
}

/** A session inside an orchestrator's active run: its tracking and experiment; mlflow.yml is only checked. */
export async function stateFromOrchestrator(context: KedroContext, tracking: MlflowTracking): Promise<SessionState> {
  const active = tracking.activeRun()!;
  // mlflow.yml is still checked: a typo should not wait for the day the orchestrator is gone.
  const parsed = validateMlflowConfig(await readMlflowConfig(context));
  const experiment = await tracking.client.getExperiment(active.experimentId);
  log.warn('The MLflow run %s is already active. Configuration is inferred from the environment, and mlflow.yml is ignored.', active.runId);
  log.warn("Tracking URI: '%s'; experiment: '%s'; run id: '%s'.", tracking.trackingUri, experiment.name, active.runId);
  const config: ResolvedMlflowConfig = {
    ...parsed,
    server: { ...parsed.server, mlflow_tracking_uri: tracking.trackingUri },
    tracking: {
      ...parsed.tracking,
      experiment: { ...parsed.tracking.experiment, name: experiment.name },
      run: { ...parsed.tracking.run, id: active.runId },
    },
  };
  return { config, client: tracking.client, experimentId: active.experimentId, orchestrator: true, part: false, tracking, owned: false, enabled: true, runId: undefined, loggedParams: new Map() };
}

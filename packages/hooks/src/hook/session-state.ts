/**
 * What the hook knows about one session (kedro-mlflow keeps it on a process-wide hook instance, so
 * a second session in the same process could reuse the first one's run id). Here each session has
 * its own state, found by session id, and dropped when its run ends.
 */
import type { MlflowClient, MlflowTracking } from '@kedro-mlflow/mlflow-client';
import type { ResolvedMlflowConfig } from '../config/load-config.js';

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

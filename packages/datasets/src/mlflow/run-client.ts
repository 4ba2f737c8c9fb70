/**
 * The MLflow client a dataset talks through: the pipeline run's (its tracking URI and header
 * provider from mlflow.yml, queued points of the run flushed first so that reads see them) inside
 * a tracked pipeline run, else one made from the environment (`MLFLOW_TRACKING_URI`, else
 * `./mlruns`), closed after use.
 *
 * Saves inside a tracked pipeline run go through the run's tracking instead (`queuedRunLogger`):
 * its queue and offline journal, so a server outage in the middle of the run neither fails the
 * save nor loses what it logs. Reads need the server and stay direct.
 */
import { MlflowClient, type RunLogger } from '@kedro-mlflow/mlflow-client';
import { currentMlflowRun } from './run-scope.js';

/** Inside a tracked pipeline run: a logger for `runId` (the pipeline's run or any other) on the run's queue; else undefined. */
export function queuedRunLogger(runId: string): RunLogger | undefined {
  return currentMlflowRun()?.tracking.forRun(runId);
}

/**
 * True when `runId` is the pipeline run in progress and its metric history is all in this process
 * (see `MlflowRunContext.localHistory`): the last step of a key is `lastLoggedStep`, no request needed.
 */
export function historyIsLocal(runId: string): boolean {
  const run = currentMlflowRun();
  return run !== undefined && run.localHistory === true && run.runId === runId;
}

/** True inside a tracked pipeline run whose tracking knows the server is unreachable right now. */
export function serverKnownDown(): boolean {
  return currentMlflowRun()?.tracking.serverUnreachable === true;
}

export async function withMlflowClient<T>(fn: (client: MlflowClient) => Promise<T>): Promise<T> {
  const run = currentMlflowRun();
  if (run !== undefined) {
    await run.tracking.flush();
    return fn(run.tracking.client);
  }
  const client = new MlflowClient();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

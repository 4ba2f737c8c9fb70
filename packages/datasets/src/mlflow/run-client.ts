/**
 * The MLflow client a dataset talks through: the pipeline run's (its tracking URI and header
 * provider from mlflow.yml, queued points of the run flushed first so that reads see them) inside
 * a tracked pipeline run, else one made from the environment (`MLFLOW_TRACKING_URI`, else
 * `./mlruns`), closed after use.
 */
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { currentMlflowRun } from './run-scope.js';

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

/**
 * The MLflow client a model dataset talks through: the pipeline run's (its tracking URI, registry
 * URI and header provider from mlflow.yml) inside a tracked pipeline run, else one made from the
 * environment (`MLFLOW_TRACKING_URI`, else `./mlruns`), closed after use.
 */
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { currentMlflowRun } from './run-scope-bridge.js';

export interface ModelClientScope {
  client: MlflowClient;
  /** The pipeline run, when there is one: logged models are linked to it. */
  runId: string | undefined;
}

export async function withModelClient<T>(fn: (scope: ModelClientScope) => Promise<T>): Promise<T> {
  const run = currentMlflowRun();
  if (run !== undefined) return fn({ client: run.tracking.client, runId: run.runId });
  const client = new MlflowClient();
  try {
    return await fn({ client, runId: undefined });
  } finally {
    await client.close();
  }
}

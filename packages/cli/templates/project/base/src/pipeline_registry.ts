import { findPipelines, Pipeline } from '@kedro-mlflow/core-pipeline';

/**
 * The project's pipelines by name. findPipelines() picks up every src/pipelines/<name>/pipeline.ts
 * exporting createPipeline(); `__default__` is what `kedro-mlflow run` runs without --pipelines.
 */
export async function registerPipelines(): Promise<Record<string, Pipeline>> {
  const pipelines = await findPipelines(import.meta.url, { raiseErrors: true });
  pipelines.__default__ = Pipeline.sum(Object.values(pipelines));
  return pipelines;
}

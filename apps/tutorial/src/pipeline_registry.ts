import { findPipelines, type Pipeline } from '@kedro-mlflow/core-pipeline';

/**
 * The project's pipelines: findPipelines() picks up src/pipelines/{etl_app,ml_app,user_app}/pipeline.ts.
 *
 * `__default__` is ml_app itself, the PipelineML: the MLflow hook logs a model only for a run of a
 * registered PipelineML, and a sum of pipelines (`Pipeline.sum(...)`) is a plain pipeline. Run the
 * three apps by name (`kedro-mlflow run --pipelines etl_app`), or `--pipelines etl_app,ml_app`.
 */
export async function registerPipelines(): Promise<Record<string, Pipeline>> {
  const pipelines = await findPipelines(import.meta.url, { raiseErrors: true });
  if (pipelines.ml_app !== undefined) pipelines.__default__ = pipelines.ml_app;
  return pipelines;
}

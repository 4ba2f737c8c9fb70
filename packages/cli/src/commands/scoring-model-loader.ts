/**
 * The model behind `serve` and `predict`: `loadModel(uri)` of @kedro-mlflow/pipeline-ml (the
 * kedro_pipeline flavor). Looked up at run time so that this command line also works with a
 * pipeline-ml build that does not export it, with an error saying so instead of a crash on import.
 */
import type { ScoringModel } from '@kedro-mlflow/pipeline-ml';
import { CliError } from '../errors.js';

type LoadModel = (uri: string) => Promise<ScoringModel>;

export async function scoringModelLoader(uri: string): Promise<() => Promise<ScoringModel>> {
  const pipelineMl = (await import('@kedro-mlflow/pipeline-ml')) as { loadModel?: LoadModel };
  const { loadModel } = pipelineMl;
  if (typeof loadModel !== 'function') {
    throw new CliError('This build of @kedro-mlflow/pipeline-ml has no loadModel(uri): models cannot be loaded for serving. Upgrade @kedro-mlflow/pipeline-ml.');
  }
  return () => loadModel(uri);
}

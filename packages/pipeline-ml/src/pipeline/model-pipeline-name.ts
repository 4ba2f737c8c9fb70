/**
 * The registry name a model records as its `pipeline_name` (MLmodel): the name the pipeline was
 * asked for, unless that is `__default__` and the registry also holds the same pipeline under a name
 * of its own (`__default__: training` is the usual registry). That name says what the model is, and
 * a run of `__default__` and one of `--pipelines training` then record the same name.
 */
import type { Pipeline } from '@kedro-mlflow/core-pipeline';
import { DEFAULT_PIPELINE_NAME } from './find-pipeline-ml.js';

export function modelPipelineName(registry: Readonly<Record<string, Pipeline>>, requested: string): string {
  if (requested !== DEFAULT_PIPELINE_NAME || !Object.hasOwn(registry, requested)) return requested;
  const pipeline = registry[requested];
  return Object.keys(registry).find((name) => name !== DEFAULT_PIPELINE_NAME && registry[name] === pipeline) ?? requested;
}

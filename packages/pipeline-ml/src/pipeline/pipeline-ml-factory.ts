/** The way to build a PipelineML: bind a training pipeline to the inference pipeline it feeds. */
import { isPlainObject, Pipeline } from '@kedro-mlflow/core-pipeline';
import { PipelineMLError } from '../errors/pipeline-ml-error.js';
import { describeValue } from '../utils/describe-value.js';
import type { KpmKwargs, LogModelKwargs } from './model-options.js';
import { PipelineML } from './pipeline-ml.js';

export interface PipelineMlFactoryOptions {
  /** The pipeline a run executes; its outputs (and inputs) are the artifacts inference may read. */
  training: Pipeline;
  /** The pipeline logged as the model. */
  inference: Pipeline;
  /** The inference input that receives the data to predict on (required). */
  inputName: string;
  kpmKwargs?: KpmKwargs | null;
  logModelKwargs?: LogModelKwargs | null;
}

/** A PipelineML over the nodes of `training` (node tags travel with the nodes). Throws `PipelineMLError`. */
export function pipelineMlFactory(options: PipelineMlFactoryOptions): PipelineML {
  if (!isPlainObject(options)) {
    throw new PipelineMLError('pipelineMlFactory takes one options object: pipelineMlFactory({ training, inference, inputName }).', {
      kind: 'invalid-argument',
      key: 'options',
    });
  }
  const { training, inference, inputName, kpmKwargs, logModelKwargs } = options;
  if (!Pipeline.isInstance(training)) {
    throw new PipelineMLError(
      `'training' must be a Pipeline (the nodes a run executes), not ${describeValue(training)}.`,
      { kind: 'invalid-argument', key: 'training' },
    );
  }
  return new PipelineML(training.nodes, { inference, inputName, kpmKwargs: kpmKwargs ?? null, logModelKwargs: logModelKwargs ?? null });
}

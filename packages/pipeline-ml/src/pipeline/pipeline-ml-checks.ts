/**
 * The consistency checks between a training pipeline and its inference pipeline, run when a
 * PipelineML is built and again whenever a filter rebuilds one.
 */
import { Pipeline } from '@kedro-mlflow/core-pipeline';
import { PipelineMLError } from '../errors/pipeline-ml-error.js';
import { describeValue } from '../utils/describe-value.js';
import { quoteNames, sortedNames } from '../utils/quote-names.js';

/**
 * A `params:<key>` input: the model stores its training-time value and lets a prediction override
 * it. The whole `parameters` record is not one (kedro-mlflow also refuses it), so it counts as data.
 */
export function isInferenceParameter(name: string): boolean {
  return name.startsWith('params:');
}

/** `inference` is a Pipeline with exactly one output: the predictions the model returns. */
export function checkInference(inference: unknown): Pipeline {
  if (!Pipeline.isInstance(inference)) {
    throw new PipelineMLError(
      `'inference' must be a Pipeline (the nodes that turn the model input into predictions), not ${describeValue(inference)}.`,
      { kind: 'invalid-argument', key: 'inference' },
    );
  }
  const outputs = sortedNames(inference.outputs());
  if (outputs.length !== 1) {
    const listed = outputs.length === 0 ? 'none' : `${outputs.length}: ${quoteNames(outputs)}`;
    throw new PipelineMLError(
      `The inference pipeline must have one and only one output, the predictions; it has ${listed}. ` +
        'Make its last node return the predictions and let other results be read by a node of the pipeline, or move them to training.',
      { kind: 'inference-outputs', key: 'inference', outputs },
    );
  }
  return inference;
}

/** `inputName` is one of the inference inputs: the dataset that receives the data to predict on. */
export function checkInputName(inputName: unknown, inference: Pipeline): string {
  const inputs = sortedNames(inference.inputs());
  if (typeof inputName !== 'string' || !inputs.includes(inputName)) {
    const given = typeof inputName === 'string' ? `inputName='${inputName}'` : `inputName is ${inputName === undefined ? 'missing' : describeValue(inputName)}`;
    throw new PipelineMLError(
      `${given} but it must be an input of 'inference', i.e. one of: ${quoteNames(inputs)}. ` +
        'Pass the name of the dataset that receives the data to predict on.',
      { kind: 'input-name', key: 'inputName', ...(typeof inputName === 'string' ? { inputName } : {}), inferenceInputs: inputs },
    );
  }
  return inputName;
}

/**
 * Every inference input other than `inputName` and `params:*` is something training writes (any
 * output, intermediate ones included) or reads (a shared input such as a stop-word list): that is
 * what the model can carry as an artifact.
 */
export function checkNoFreeInputs(training: Pipeline, inference: Pipeline, inputName: string): void {
  const known = training.allOutputs();
  for (const name of training.inputs()) known.add(name);
  const free = sortedNames([...inference.inputs()].filter((name) => name !== inputName && !isInferenceParameter(name) && !known.has(name)));
  if (free.length > 0) {
    throw new PipelineMLError(
      `The following inputs are free for the inference pipeline: ${quoteNames(free)}. No free input is allowed: ` +
        `every input of 'inference' except inputName ('${inputName}') and 'params:*' parameters must be an output or an input of 'training'. ` +
        'Add the nodes producing them to training (a filter may have removed them), or produce them inside the inference pipeline.',
      { kind: 'free-inputs', inputName, freeInputs: free },
    );
  }
}

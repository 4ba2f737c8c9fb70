/**
 * Port of kedro-mlflow's tests/pipeline/test_pipeline_ml.py: each test is named after its Python
 * case (`test_pipeline_ml_only_nodes` → "test_pipeline_ml_only_nodes: …").
 */
import { node, Pipeline, type PipelineFilterCriteria } from '@kedro-mlflow/core-pipeline';
import { PipelineML, pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
import {
  expectPipelineMlError,
  inferenceOfModel,
  nodeNames,
  pipelineMlWithIntermediaryArtifacts,
  pipelineMlWithNamespace,
  pipelineMlWithTag,
  pipelineWithTag,
  predictFun,
  predictFunReturnNothing,
  predictFunWithMetric,
  preprocessFun,
  trainFun,
  withLogs,
} from './fixtures.js';

const { logs, demotionWarnings } = withLogs();

/** A demoted result: a plain Pipeline equal to the same operation on training, and one warning. */
function expectDemoted(result: Pipeline, expected: Pipeline): void {
  expect(Pipeline.isInstance(result)).toBe(true);
  expect(PipelineML.isInstance(result)).toBe(false);
  expect(result).not.toBeInstanceOf(PipelineML);
  expect(result.toString()).toBe(expected.toString());
  expect(demotionWarnings()).toHaveLength(1);
}

describe('demoting operations (kedro-mlflow #569)', () => {
  it('test_pipeline_ml_only_nodes: a plain Pipeline equal to training.onlyNodes, with the warning', () => {
    const pml = pipelineMlWithTag();
    const expected = pml.training.onlyNodes('train_fun');
    expectDemoted(pml.onlyNodes('train_fun'), expected);
    expect(nodeNames(expected)).toEqual(['train_fun']);
  });

  it('test_pipeline_ml_only_nodes_with_outputs: the same for onlyNodesWithOutputs("data")', () => {
    const pml = pipelineMlWithTag();
    const expected = pml.training.onlyNodesWithOutputs('data');
    expectDemoted(pml.onlyNodesWithOutputs('data'), expected);
    expect(nodeNames(expected)).toEqual(['preprocess_fun']);
  });

  it('test_pipeline_ml_only_nodes_with_namespaces: the same for onlyNodesWithNamespaces(["tmp_namespace"]), the whole training', () => {
    const pml = pipelineMlWithNamespace();
    const result = pml.onlyNodesWithNamespaces(['tmp_namespace']);
    expectDemoted(result, pml.training);
    expect(nodeNames(result)).toEqual(['tmp_namespace.preprocess_fun', 'tmp_namespace.train_fun']);
  });

  it('test_pipeline_ml_substraction: pml.subtract(pml.inference) is a plain Pipeline, with the warning', () => {
    const pml = pipelineMlWithIntermediaryArtifacts();
    const result = pml.subtract(pml.inference);
    expectDemoted(result, pml.training.subtract(pml.inference));
    // apply_encoder_fun is in both, so it is removed.
    expect(nodeNames(result).sort()).toEqual(['fit_encoder_fun', 'preprocess_fun', 'train_fun']);
  });

  it('test_pipeline_ml_addition: pml1.add(pml2) is a plain Pipeline, with the warning', () => {
    const pml1 = pipelineMlWithTag();
    const pml2 = pipelineMlFactory({
      training: new Pipeline([node(trainFun, 'other_data', 'other_model', { name: 'train_other' })]),
      inference: new Pipeline([node(predictFun, ['other_model', 'other_data'], 'other_predictions', { name: 'predict_other' })]),
      inputName: 'other_data',
    });
    const result = pml1.add(pml2);
    expectDemoted(result, pml1.training.add(pml2.training));
    expect(nodeNames(result).sort()).toEqual(['preprocess_fun', 'train_fun', 'train_other']);
  });

  it('test_pipeline_ml_or: pml1.union(pml2) is a plain Pipeline, with the warning', () => {
    const pml1 = pipelineMlWithTag();
    const pml2 = pipelineMlWithTag();
    const result = pml1.union(pml2);
    expectDemoted(result, pml1.training.union(pml2.training));
  });
});

describe('filtering keeps a PipelineML (kedro-mlflow #554)', () => {
  const combos: Array<[string, PipelineFilterCriteria]> = [
    ['no filter', {}],
    ['tags=["training"]', { tags: ['training'] }],
    ['fromNodes=["train_fun"]', { fromNodes: ['train_fun'] }],
    ['fromNodes=["preprocess_fun"]', { fromNodes: ['preprocess_fun'] }],
    ['toNodes=["train_fun"]', { toNodes: ['train_fun'] }],
    ['nodeNames=["train_fun"]', { nodeNames: ['train_fun'] }],
    ['fromInputs=["data"]', { fromInputs: ['data'] }],
  ];

  it.each(combos)('test_pipeline_ml_filtering [%s]: same inference, same nodes as filtering training', (_label, criteria) => {
    const pml = pipelineMlWithTag();
    const filtered = pml.filter(criteria);
    expect(PipelineML.isInstance(filtered)).toBe(true);
    expect(filtered).toBeInstanceOf(PipelineML);
    expect(filtered.inference).toBe(pml.inference);
    expect(filtered.inputName).toBe('data');
    expect(filtered.nodes).toEqual(pipelineWithTag().filter(criteria).nodes);
    expect(demotionWarnings()).toEqual([]);
  });

  const invalid: Array<[string, PipelineFilterCriteria]> = [
    ['tags=["preprocessing"]', { tags: ['preprocessing'] }],
    ['toNodes=["preprocess_fun"]', { toNodes: ['preprocess_fun'] }],
    ['nodeNames=["preprocess_fun"]', { nodeNames: ['preprocess_fun'] }],
  ];
  const pipelines: Array<[string, () => PipelineML, string[]]> = [
    ['pipeline_ml_with_tag', pipelineMlWithTag, ['model']],
    ['pipeline_ml_with_intermediary_artifacts', pipelineMlWithIntermediaryArtifacts, ['encoder', 'model']],
  ];
  describe.each(pipelines)('test_pipeline_ml_filtering_generate_invalid_pipeline_ml [%s]', (_name, build, freeInputs) => {
    it.each(invalid)('%s leaves inference inputs unproduced: "No free input is allowed"', (_label, criteria) => {
      const error = expectPipelineMlError(() => build().filter(criteria), { kind: 'free-inputs', inputName: 'data', freeInputs });
      expect(error.message).toContain('No free input is allowed');
    });
  });

  it('test_pipeline_ml_too_many_free_inputs: inference needs a model training does not produce', () => {
    const error = expectPipelineMlError(
      () =>
        pipelineMlFactory({
          training: new Pipeline([node(preprocessFun, 'raw_data', 'neither_data_nor_model')]),
          inference: inferenceOfModel(),
          inputName: 'data',
        }),
      { kind: 'free-inputs', freeInputs: ['model'], inputName: 'data' },
    );
    expect(error.message).toContain("The following inputs are free for the inference pipeline: 'model'. No free input is allowed");
  });

  it('test_pipeline_ml_tagging: tag(["hello"]) tags every node, and keeps a PipelineML', () => {
    const tagged = pipelineMlWithTag().tag(['hello']);
    expect(tagged).toBeInstanceOf(PipelineML);
    expect(tagged.nodes.every((n) => n.hasTag('hello'))).toBe(true);
  });
});

describe('construction checks', () => {
  it("test_invalid_input_name: inputName='whoops_bad_name' is refused, also on an existing PipelineML", () => {
    const pml = pipelineMlWithTag();
    // Pipelines are immutable: the input name cannot be reassigned, only given to a new PipelineML.
    expect(() => {
      (pml as unknown as { inputName: string }).inputName = 'whoops_bad_name';
    }).toThrow(TypeError);
    expect(pml.inputName).toBe('data');
    const error = expectPipelineMlError(
      () => new PipelineML(pml.training, { inference: pml.inference, inputName: 'whoops_bad_name' }),
      { kind: 'input-name', inputName: 'whoops_bad_name', inferenceInputs: ['data', 'model'] },
    );
    expect(error.message).toContain("inputName='whoops_bad_name' but it must be an input of 'inference', i.e. one of: 'data', 'model'");
  });

  it('test_too_many_inference_outputs: 2 outputs are refused', () => {
    const error = expectPipelineMlError(
      () =>
        pipelineMlFactory({
          training: new Pipeline([node(trainFun, 'data', 'model')]),
          inference: new Pipeline([node(predictFunWithMetric, ['model', 'data'], ['predictions', 'metric'])]),
          inputName: 'data',
        }),
      { kind: 'inference-outputs', outputs: ['metric', 'predictions'] },
    );
    expect(error.message).toContain("The inference pipeline must have one and only one output, the predictions; it has 2: 'metric', 'predictions'");
  });

  it('test_not_enough_inference_outputs: 0 outputs are refused', () => {
    const error = expectPipelineMlError(
      () =>
        pipelineMlFactory({
          training: new Pipeline([node(trainFun, 'data', 'model')]),
          inference: new Pipeline([node(predictFunReturnNothing, ['model', 'data'], null)]),
          inputName: 'data',
        }),
      { kind: 'inference-outputs', outputs: [] },
    );
    expect(error.message).toContain('must have one and only one output, the predictions; it has none');
  });

  it("test_conflicting_custom_log_model_kwargs: 'name' and 'artifactPath' together are refused", () => {
    const error = expectPipelineMlError(
      () =>
        pipelineMlFactory({
          training: pipelineWithTag(),
          inference: inferenceOfModel(),
          inputName: 'data',
          logModelKwargs: { name: 'a', artifactPath: 'b' },
        }),
      { kind: 'log-model-kwargs', key: 'logModelKwargs.artifactPath' },
    );
    expect(error.message).toContain("Please only specify 'name'.");
  });

  it("test_back_compatible_custom_log_model_kwargs: 'artifactPath' alone becomes 'name', with a warning", () => {
    const pml = pipelineMlFactory({
      training: pipelineWithTag(),
      inference: new Pipeline([node(predictFun, ['model', 'data'], 'predictions')]),
      inputName: 'data',
      logModelKwargs: { artifactPath: 'my_model' },
    });
    expect(pml.logModelKwargs).toEqual({ signature: 'auto', name: 'my_model' });
    expect(logs().messages('warn')).toEqual([expect.stringContaining("'logModelKwargs.artifactPath' is deprecated")]);
  });
});

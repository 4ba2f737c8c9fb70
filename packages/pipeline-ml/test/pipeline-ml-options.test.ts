/** What a PipelineML accepts, what it refuses (and in which order), and what it exposes. */
import { node, Pipeline } from '@kedro-mlflow/core-pipeline';
import {
  KPM_KWARGS_DEFAULT,
  LOG_MODEL_KWARGS_DEFAULT,
  PipelineML,
  PipelineMLError,
  pipelineMlFactory,
  type PipelineMlFactoryOptions,
} from '@kedro-mlflow/pipeline-ml';
import {
  expectPipelineMlError,
  inferenceOfModel,
  pipelineMlWithInputsArtifacts,
  pipelineMlWithIntermediaryArtifacts,
  pipelineMlWithParameters,
  pipelineMlWithTag,
  pipelineWithTag,
  predictFun,
  predictFunWithMetric,
  trainFun,
  withLogs,
} from './fixtures.js';

const { logs } = withLogs();
const base = (): PipelineMlFactoryOptions => ({ training: pipelineWithTag(), inference: inferenceOfModel(), inputName: 'data' });
const build = (overrides: Record<string, unknown>) => () => pipelineMlFactory({ ...base(), ...overrides } as PipelineMlFactoryOptions);

describe('what a PipelineML is', () => {
  it('is the training pipeline: queries describe training, `training` is a plain copy with the same nodes', () => {
    const pml = pipelineMlWithTag();
    expect(Pipeline.isInstance(pml)).toBe(true);
    expect(PipelineML.isInstance(pml)).toBe(true);
    expect(PipelineML.isInstance(pml.training)).toBe(false);
    expect(pml.training.nodes).toEqual(pml.nodes);
    expect([...pml.inputs()]).toEqual(['raw_data']);
    expect([...pml.outputs()]).toEqual(['model']);
    expect(pml.training).toBe(pml.training);
  });

  it('keeps node tags and adds the constructor tags to every node', () => {
    const pml = new PipelineML(pipelineWithTag(), { inference: inferenceOfModel(), inputName: 'data', tags: ['ml'] });
    expect(pml.nodes.map((n) => [...n.tags].sort())).toEqual([
      ['ml', 'preprocessing'],
      ['ml', 'training'],
    ]);
  });

  it('has the defaults {} and {signature: "auto", name: "model"}, frozen', () => {
    const pml = pipelineMlWithTag();
    expect(pml.kpmKwargs).toEqual({});
    expect(pml.logModelKwargs).toEqual({ signature: 'auto', name: 'model' });
    expect(KPM_KWARGS_DEFAULT).toEqual({});
    expect(LOG_MODEL_KWARGS_DEFAULT).toEqual({ signature: 'auto', name: 'model' });
    expect(Object.isFrozen(pml.kpmKwargs) && Object.isFrozen(pml.logModelKwargs)).toBe(true);
  });

  it('merges given options over the defaults; later edits of the caller\'s objects change nothing', () => {
    const copyMode = { model: 'assign' as const, data: null };
    const logModelKwargs = { signature: null, registeredModelName: 'clf', name: undefined };
    const pml = pipelineMlFactory({ ...base(), kpmKwargs: { copyMode, runner: 'ConcurrentRunner' }, logModelKwargs });
    copyMode.model = 'deepcopy' as never;
    logModelKwargs.registeredModelName = 'other';
    expect(pml.kpmKwargs).toEqual({ copyMode: { model: 'assign', data: null }, runner: 'ConcurrentRunner' });
    // An undefined entry does not hide the default.
    expect(pml.logModelKwargs).toEqual({ signature: null, name: 'model', registeredModelName: 'clf' });
  });

  it.each([
    ['an intermediate output of training', pipelineMlWithIntermediaryArtifacts, ['data', 'encoder', 'model']],
    ['an input of training', pipelineMlWithInputsArtifacts, ['data', 'model', 'stopwords_from_nltk']],
    ['parameters', pipelineMlWithParameters, ['data', 'model', 'params:stopwords', 'params:threshold']],
  ])('lets inference read %s', (_label, make, inputs) => {
    expect([...make().inference.inputs()].sort()).toEqual(inputs);
  });

  it("does not count the whole 'parameters' record as a parameter", () => {
    expectPipelineMlError(
      build({ inference: new Pipeline([node(predictFun, ['model', 'parameters'], 'predictions')]), inputName: 'model' }),
      { kind: 'free-inputs', freeInputs: ['parameters'] },
    );
  });
});

describe('bad input gets a typed error naming the option', () => {
  it.each([
    ['training is not a Pipeline', { training: [node(trainFun, 'data', 'model')] }, 'invalid-argument', 'training'],
    ['inference is not a Pipeline', { inference: null }, 'invalid-argument', 'inference'],
    ['inputName is missing', { inputName: undefined }, 'input-name', 'inputName'],
    ['inputName is not a string', { inputName: 3 }, 'input-name', 'inputName'],
    ['kpmKwargs is not an object', { kpmKwargs: 'assign' }, 'kpm-kwargs', 'kpmKwargs'],
    ['kpmKwargs has an unknown key', { kpmKwargs: { copymode: 'assign' } }, 'kpm-kwargs', 'kpmKwargs.copymode'],
    ['kpmKwargs has a snake_case key', { kpmKwargs: { copy_mode: 'assign' } }, 'kpm-kwargs', 'kpmKwargs.copy_mode'],
    ['copyMode is not a mode', { kpmKwargs: { copyMode: 'clone' } }, 'kpm-kwargs', 'kpmKwargs.copyMode'],
    ['copyMode is a number (kedro-mlflow: 1346)', { kpmKwargs: { copyMode: 1346 } }, 'kpm-kwargs', 'kpmKwargs.copyMode'],
    ['a copyMode entry is not a mode', { kpmKwargs: { copyMode: { model: 'shallow' } } }, 'kpm-kwargs', 'kpmKwargs.copyMode.model'],
    ['runner is empty', { kpmKwargs: { runner: ' ' } }, 'kpm-kwargs', 'kpmKwargs.runner'],
    ['logModelKwargs is an array', { logModelKwargs: [] }, 'log-model-kwargs', 'logModelKwargs'],
    ['logModelKwargs has a snake_case key', { logModelKwargs: { artifact_path: 'm' } }, 'log-model-kwargs', 'logModelKwargs.artifact_path'],
    ['name is empty', { logModelKwargs: { name: '' } }, 'log-model-kwargs', 'logModelKwargs.name'],
    ['artifactPath is not a string', { logModelKwargs: { artifactPath: 7 } }, 'log-model-kwargs', 'logModelKwargs.artifactPath'],
    ['signature is an unknown string', { logModelKwargs: { signature: 'infer' } }, 'log-model-kwargs', 'logModelKwargs.signature'],
  ])('%s', (_label, overrides, kind, key) => {
    const error = expectPipelineMlError(build(overrides), { kind, key });
    expect(error.message).toContain(`'${key}'`.replace("'inputName'", 'inputName'));
  });

  it('the snake_case hint names the camelCase key', () => {
    const error = expectPipelineMlError(build({ logModelKwargs: { registered_model_name: 'clf' } }), { kind: 'log-model-kwargs' });
    expect(error.message).toContain("write 'registeredModelName'");
  });

  it('PipelineML without options, and the factory without its options object', () => {
    expectPipelineMlError(() => new PipelineML(pipelineWithTag(), undefined as never), { kind: 'invalid-argument', key: 'options' });
    expectPipelineMlError(() => pipelineMlFactory(undefined as never), { kind: 'invalid-argument', key: 'options' });
  });

  it('a signature object, null and "auto" are accepted', () => {
    const signature = { inputs: '[{"type": "long", "name": "a"}]', outputs: null };
    expect(pipelineMlFactory({ ...base(), logModelKwargs: { signature } }).logModelKwargs.signature).toBe(signature);
    expect(pipelineMlFactory({ ...base(), logModelKwargs: { signature: null } }).logModelKwargs.signature).toBeNull();
  });

  it('errors keep their class across copies of the package (isInstance) and carry data, not only text', () => {
    const error = expectPipelineMlError(build({ inputName: 'nope' }), { kind: 'input-name' });
    expect(error).toBeInstanceOf(PipelineMLError);
    expect(error.name).toBe('PipelineMLError');
    expect(Object.isFrozen(error.inferenceInputs)).toBe(true);
    expect(PipelineMLError.isInstance(new Error('x'))).toBe(false);
  });
});

describe('the checks run in the order of kedro-mlflow', () => {
  const twoOutputs = new Pipeline([node(predictFunWithMetric, ['model', 'data'], ['predictions', 'metric'])]);
  it.each([
    ['inference outputs before inputName', { inference: twoOutputs, inputName: 'nope' }, 'inference-outputs'],
    ['inputName before kpmKwargs', { inputName: 'nope', kpmKwargs: { bad: 1 } }, 'input-name'],
    ['kpmKwargs before logModelKwargs', { kpmKwargs: { bad: 1 }, logModelKwargs: { signature: 'x' } }, 'kpm-kwargs'],
    ['logModelKwargs before free inputs', { training: new Pipeline([node(trainFun, 'a', 'b')]), logModelKwargs: { signature: 'x' } }, 'log-model-kwargs'],
  ])('%s', (_label, overrides, kind) => {
    expectPipelineMlError(build(overrides), { kind });
  });

  it('the pipeline\'s own checks come first', () => {
    const clash = [node(trainFun, 'data', 'model', { name: 'same' }), node(trainFun, 'data', 'other', { name: 'same' })];
    expect(() => new PipelineML(clash, { inference: twoOutputs, inputName: 'nope' })).toThrow(/unique names/);
  });

  it('the artifactPath warning is logged only once the earlier checks passed', () => {
    expectPipelineMlError(build({ inputName: 'nope', logModelKwargs: { artifactPath: 'm' } }), { kind: 'input-name' });
    expect(logs().messages('warn')).toEqual([]);
  });
});

/** KedroPipelineModel in this process: the construction checks of kedro-mlflow §5.2 / §5.3 and predict. */
import { captureLogs, DataCatalog, DatasetNotFoundError, MemoryDataset, SequentialRunner } from '@kedro-mlflow/core-pipeline';
import { KedroPipelineModel, KedroPipelineModelError, pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
import { artifactCatalog, fixtureModel, fixturePipeline } from './model-helpers.js';

function thrown(fn: () => unknown): KedroPipelineModelError {
  try {
    fn();
  } catch (error) {
    if (KedroPipelineModelError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a KedroPipelineModelError');
}

const rejection = async (promise: Promise<unknown>): Promise<KedroPipelineModelError> => {
  try {
    await promise;
  } catch (error) {
    if (KedroPipelineModelError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a KedroPipelineModelError');
};

describe('test_catalog_extraction: the initial catalog holds the pipeline inputs only', () => {
  it.each([
    ['dummy', ['data', 'model']],
    ['encoder', ['data', 'encoder', 'model']],
    ['stopwords', ['data', 'model', 'stopwords_from_nltk']],
    ['params', ['data', 'model', 'params:stopwords', 'params:threshold']],
  ] as const)('%s → %p', async (name, keys) => {
    const catalog = await artifactCatalog(
      { model: 2, encoder: 4, stopwords_from_nltk: ['the'], training_only: 1 },
      { 'params:stopwords': ['the'], 'params:threshold': 0.5, 'params:penalty': 0.1 },
    );
    const logs = captureLogs();
    const kpm = fixtureModel(name, catalog);
    expect([...kpm.initialCatalog.keys()].sort()).toEqual(keys);
    // The input's own dataset is dropped for a fresh MemoryDataset (kedro-mlflow #273).
    expect(kpm.initialCatalog.get('data')).toBeInstanceOf(MemoryDataset);
    expect(kpm.initialCatalog.get('model')).toBe(catalog.getDataset('model'));
    expect(logs.messages()).toContain("The dataset 'model' is added to the Pipeline catalog.");
    logs.restore();
  });

  it('a PipelineML gives its inference pipeline', async () => {
    const ml = pipelineMlFactory({ training: fixturePipeline('scaled'), inference: fixturePipeline('dummy'), inputName: 'data' });
    const kpm = new KedroPipelineModel({ pipeline: ml, catalog: await artifactCatalog({ model: 2 }), inputName: 'data' });
    expect(kpm.pipeline).toBe(ml.inference);
    expect(await kpm.predict(1)).toBe(2);
  });
});

describe('construction errors', () => {
  it('test_catalog_extraction_missing_inference_input: DatasetNotFoundError names the dataset', () => {
    expect(() => fixtureModel('dummy', new DataCatalog())).toThrow(DatasetNotFoundError);
    expect(() => fixtureModel('dummy', new DataCatalog())).toThrow("Dataset 'model' not found in the catalog");
  });

  it('test_catalog_extraction_unpersisted_inference_input: an in-memory artifact is refused', () => {
    const error = thrown(() => fixtureModel('dummy', new DataCatalog({ datasets: { model: new MemoryDataset({ data: 2 }) } })));
    expect(error.kind).toBe('unpersisted-input');
    expect(error.dataset).toBe('model');
    expect(error.message).toContain('The datasets of the training pipeline must be persisted locally');
  });

  it('an in-memory parameter is fine', async () => {
    expect(() => fixtureModel('params', new DataCatalog({ datasets: { model: new MemoryDataset({ data: 2 }), 'params:stopwords': [], 'params:threshold': 1 } }))).toThrow(
      expect.objectContaining({ kind: 'unpersisted-input', dataset: 'model' }),
    );
    const kpm = fixtureModel('params', await artifactCatalog({ model: [0.7] }, { 'params:stopwords': [], 'params:threshold': 0.5 }));
    expect(await kpm.parameters()).toEqual({ stopwords: [], threshold: 0.5 });
  });

  it('test_kedro_pipeline_model_too_many_outputs: exactly one output', async () => {
    const catalog = await artifactCatalog({ model: 2 });
    const error = thrown(() => fixtureModel('twoOutputs', catalog));
    expect(error.kind).toBe('outputs');
    expect([...error.datasets].sort()).toEqual(['echo', 'predictions']);
    expect(error.message).toContain("Pipeline must have one and only one output, got '2' outputs");
  });

  it('refuses wrong argument types, naming the option', async () => {
    const catalog = await artifactCatalog({ model: 2 });
    expect(thrown(() => new KedroPipelineModel({ pipeline: 'dummy' as never, catalog, inputName: 'data' })).key).toBe('pipeline');
    expect(thrown(() => new KedroPipelineModel({ pipeline: fixturePipeline('dummy'), catalog: {} as never, inputName: 'data' })).key).toBe('catalog');
    expect(thrown(() => new KedroPipelineModel({ pipeline: fixturePipeline('dummy'), catalog, inputName: '' })).key).toBe('inputName');
    expect(thrown(() => fixtureModel('dummy', catalog, { code: { module: 3 } as never })).key).toBe('code');
    const runner = thrown(() => fixtureModel('dummy', catalog, { runner: 'FastRunner' }));
    expect([runner.kind, runner.key]).toEqual(['runner', 'FastRunner']);
  });
});

describe('copy modes (§5.3)', () => {
  it.each([
    [undefined, { data: 'assign', model: 'assign' }],
    [null, { data: null, model: null }],
    ['deepcopy', { data: 'deepcopy', model: 'deepcopy' }],
    [{ model: 'assign' }, { data: null, model: 'assign' }],
    [{ model: 'copy', not_in_pipeline: 'deepcopy' }, { data: null, model: 'copy', not_in_pipeline: 'deepcopy' }],
  ] as const)('copyMode %p → %p (the output has none)', async (copyMode, expected) => {
    const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }), { copyMode: copyMode as never });
    expect(kpm.copyModes).toEqual(expected);
  });

  it('test_kedro_pipeline_model_with_wrong_copy_mode_type: 1346 is refused', async () => {
    const catalog = await artifactCatalog({ model: 2 });
    const error = thrown(() => fixtureModel('dummy', catalog, { copyMode: 1346 as never }));
    expect([error.kind, error.key]).toEqual(['copy-mode', 'copyMode']);
    expect(error.message).toContain("'copyMode' must be a string (deepcopy, copy, assign), null or a {dataset: mode} object, not 'number'");
    expect(thrown(() => fixtureModel('dummy', catalog, { copyMode: { model: 'share' } as never })).key).toBe('copyMode.model');
    expect(thrown(() => fixtureModel('dummy', catalog, { copyMode: 'share' as never })).kind).toBe('copy-mode');
  });
});

describe('predict in this process', () => {
  it('returns only the output value; the runner is chosen per call', async () => {
    const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }), { runner: new SequentialRunner() });
    expect(kpm.runner).toBe('SequentialRunner');
    expect(await kpm.predict(1)).toBe(2);
    expect(await kpm.predict(5, { runner: 'ConcurrentRunner' })).toBe(10);
    expect(await kpm.predict(5, { runner: 'ThreadRunner' })).toBe(10);
    const unknown = await rejection(kpm.predict(1, { runner: 'NoRunner' }));
    expect([unknown.kind, unknown.key]).toEqual(['runner', 'NoRunner']);
    // ParallelRunner workers import the pipeline: only the saved model's bundle can give it.
    expect((await rejection(kpm.predict(1, { runner: 'ParallelRunner' }))).key).toBe('ParallelRunner');
  });

  it('params override a copy: the training value comes back on the next call', async () => {
    const kpm = fixtureModel('params', await artifactCatalog({ model: [0.2, 0.6, 0.9] }, { 'params:stopwords': ['the'], 'params:threshold': 0.5 }));
    expect(await kpm.predict(['the'])).toEqual([0, 1, 1, 0]);
    const logs = captureLogs();
    expect(await kpm.predict(['the'], { threshold: 0.8 })).toEqual([0, 0, 1, 0]);
    expect(logs.messages()).toContain('Using params:threshold=0.8 for the prediction');
    logs.restore();
    expect(await kpm.predict(['the'], { 'params:threshold': 0.1 })).toEqual([1, 1, 1, 0]);
    expect(await kpm.predict(['the'])).toEqual([0, 1, 1, 0]);
    const unknown = await rejection(kpm.predict(['the'], { penalty: 2 }));
    expect([unknown.kind, unknown.key]).toEqual(['unknown-param', 'penalty']);
  });

  it('the copy mode decides whether a node mutating its input reaches the caller', async () => {
    const catalog = await artifactCatalog({ model: { factor: 3 } });
    const copied = [1, 2];
    expect(await fixtureModel('scaled', catalog, { copyMode: 'deepcopy' }).predict(copied)).toEqual([3, 6]);
    expect(copied).toEqual([1, 2]);
    const assigned = [1, 2];
    expect(await fixtureModel('scaled', catalog, { copyMode: 'assign' }).predict(assigned)).toEqual([3, 6]);
    expect(assigned).toEqual([3, 6]);
  });
});

/** saveModel → loadModel → predict, always with the model's own bundled code (kedro-mlflow's test_kedro_pipeline_model.py). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { getModelFlavor, JSONDataset, MlflowModelLocalFileSystemDataset, unregisterModelFlavor } from '@kedro-mlflow/datasets';
import { parseMLmodel, serializeMLmodel } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { kedroPipelineFlavor, KedroPipelineModelError, loadModel, registerKedroPipelineFlavor, saveModel, type KedroPipelineModelOptions, type LoadedPipelineModel, type ScoringModel } from '@kedro-mlflow/pipeline-ml';
import { artifactCatalog, fixtureModel, tempDir } from './model-helpers.js';

jest.setTimeout(120_000);

const rejection = async (promise: Promise<unknown>): Promise<KedroPipelineModelError> => {
  try {
    await promise;
  } catch (error) {
    if (KedroPipelineModelError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a KedroPipelineModelError');
};

const paramsCatalog = () => artifactCatalog({ model: [0.2, 0.6, 0.9] }, { 'params:stopwords': ['the'], 'params:threshold': 0.5 });

describe('test_model_packaging_with_copy_mode: the copy modes survive the round trip', () => {
  it.each([
    [null, { data: null, model: null }],
    ['assign', { data: 'assign', model: 'assign' }],
    ['deepcopy', { data: 'deepcopy', model: 'deepcopy' }],
    [{ model: 'assign' }, { data: null, model: 'assign' }],
  ] as const)('copyMode %p', async (copyMode, expected) => {
    const dir = join(tempDir(), 'model');
    await saveModel(fixtureModel('dummy', await artifactCatalog({ model: 2 }), { copyMode: copyMode as never }), dir);
    const loaded = await loadModel(dir);
    expect(await loaded.predict(1)).toBe(2);
    expect(loaded.metadata.flavor.copy_mode).toEqual(expected);
    // The scoring server takes a loaded model as it is.
    const scoring: ScoringModel = loaded;
    expect(scoring.metadata?.modelDir).toBe(dir);
  });
});

describe('test_kedro_pipeline_model_save_and_load', () => {
  it.each([
    ['dummy', { model: 2 }, {}, 3, 6],
    ['encoder', { model: 2, encoder: 4 }, {}, 1, 8],
    ['stopwords', { model: 10, stopwords_from_nltk: ['the'] }, {}, ['the', 'cat', 'sat'], 20],
  ] as const)('%s', async (name, artifacts, extra, input, expected) => {
    const dir = join(tempDir(), 'model');
    await saveModel(fixtureModel(name, await artifactCatalog(artifacts, extra)), dir);
    expect(await (await loadModel(dir)).predict(input)).toEqual(expected);
  });

  it('the params pipeline: training values by default, overrides per call only, runner per call', async () => {
    const dir = join(tempDir(), 'model');
    await saveModel(fixtureModel('params', await paramsCatalog()), dir);
    const loaded = await loadModel(dir);
    expect(await loaded.predict(['the'])).toEqual([0, 1, 1, 0]);
    expect(await loaded.predict(['the'], { threshold: 0.8, runner: 'ConcurrentRunner' })).toEqual([0, 0, 1, 0]);
    expect(await loaded.predict(['the'], { runner: 'ParallelRunner' })).toEqual([0, 1, 1, 0]);
    expect((await rejection(loaded.predict(['the'], { runner: 'Nope' }))).kind).toBe('runner');
    expect(JSON.parse(readFileSync(join(dir, 'artifacts', 'parameters.json'), 'utf8'))).toEqual({ stopwords: ['the'], threshold: 0.5 });
  });
});

describe("MLmodel's pipeline_name: the name the project registers the pipeline under", () => {
  it.each([
    ['pipelineName given', { pipelineName: 'training' }, 'training'],
    ['by default, the name the code source picks', {}, 'dummy'],
  ] as const)('%s', async (_label, options, expected) => {
    const dir = join(tempDir(), 'model');
    const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }), options as Partial<KedroPipelineModelOptions>);
    expect(kpm.pipelineName).toBe(expected);
    await saveModel(kpm, dir);
    expect((await loadModel(dir)).metadata.flavor.pipeline_name).toBe(expected);
  });

  it('an empty or non-string name is refused, naming the option', async () => {
    const catalog = await artifactCatalog({ model: 2 });
    for (const pipelineName of ['', 3]) {
      expect(() => fixtureModel('dummy', catalog, { pipelineName: pipelineName as never })).toThrow(expect.objectContaining({ kind: 'invalid-argument', key: 'pipelineName' }));
    }
  });
});

describe('the model folder', () => {
  let dir: string;
  let loaded: LoadedPipelineModel;
  beforeAll(async () => {
    dir = join(tempDir(), 'model');
    await saveModel(fixtureModel('params', await paramsCatalog(), { runner: 'ThreadRunner' }), dir, { inputExample: [{ word: 'the', weight: 0.5 }] });
    loaded = await loadModel(dir);
  });

  it('MLmodel: the kedro_pipeline flavor, an auto signature with runner and every inference parameter', () => {
    const mlmodel = parseMLmodel(readFileSync(join(dir, 'MLmodel'), 'utf8'));
    expect(Object.keys(mlmodel.flavors)).toEqual(['kedro_pipeline', 'python_function']);
    expect(loaded.metadata.flavor).toMatchObject({
      code: 'code/pipeline.mjs',
      pipeline_name: 'params',
      input_name: 'data',
      output_name: 'predictions',
      nodes: ['convert_probs_to_pred', 'predict_probs', 'remove_stopwords'],
      runner: 'ThreadRunner',
      parameters: 'artifacts/parameters.json',
      artifacts: { model: { path: 'artifacts/model/model.json', type: 'JSONDataset', path_option: 'filepath' } },
    });
    expect(loaded.signature?.params).toEqual([
      { name: 'runner', type: 'string', default: 'ThreadRunner', shape: null },
      { name: 'stopwords', type: 'string', default: ['the'], shape: [-1] },
      { name: 'threshold', type: 'double', default: 0.5, shape: null },
    ]);
    expect(loaded.signature?.inputs).toEqual({
      type: 'columns',
      columns: [
        { name: 'word', type: 'string', required: true },
        { name: 'weight', type: 'double', required: true },
      ],
    });
  });

  it('input_example.json, serving_input_example.json and the environment file', () => {
    expect(JSON.parse(readFileSync(join(dir, 'input_example.json'), 'utf8'))).toEqual({ columns: ['word', 'weight'], data: [['the', 0.5]] });
    expect(JSON.parse(readFileSync(join(dir, 'serving_input_example.json'), 'utf8'))).toEqual({ dataframe_split: { columns: ['word', 'weight'], data: [['the', 0.5]] } });
    const env = JSON.parse(readFileSync(join(dir, 'node_env.json'), 'utf8')) as Record<string, unknown>;
    expect(env).toMatchObject({ node: process.versions.node, externals: [], bundled: expect.arrayContaining(['code/pipeline.mjs', 'code/parallel-worker.js']) });
  });

  (mlflowAvailable() ? it : it.skip)('Python MLflow reads the MLmodel (mlflow.models.Model.load)', async () => {
    const out = await runPythonJson<{ flavors: string[]; params: string[]; inputs: string[]; example: boolean }>(
      [
        'import json, sys, mlflow',
        `m = mlflow.models.Model.load(${JSON.stringify(dir)})`,
        's = m.signature',
        'print(json.dumps({"flavors": list(m.flavors), "params": [p.name for p in s.params.params], "inputs": s.inputs.input_names(), "example": m.saved_input_example_info is not None}))',
      ].join('\n'),
    );
    expect(out).toEqual({ flavors: ['kedro_pipeline', 'python_function'], params: ['runner', 'stopwords', 'threshold'], inputs: ['word', 'weight'], example: true });
  });
});

describe('artifact consistency on load (test_model_packaging_too_many_artifacts / _missing_artifacts)', () => {
  async function editedModel(edit: (artifacts: Record<string, unknown>) => void): Promise<string> {
    const dir = join(tempDir(), 'model');
    await saveModel(fixtureModel('dummy', await artifactCatalog({ model: 2 })), dir);
    const mlmodel = parseMLmodel(readFileSync(join(dir, 'MLmodel'), 'utf8'));
    edit((mlmodel.flavors.kedro_pipeline as { artifacts: Record<string, unknown> }).artifacts);
    writeFileSync(join(dir, 'MLmodel'), serializeMLmodel(mlmodel));
    return dir;
  }

  it('an artifact for the input dataset is one too many', async () => {
    const dir = await editedModel((a) => (a.data = a.model));
    const error = await rejection(loadModel(dir));
    expect([error.kind, [...error.datasets]]).toEqual(['artifacts-mismatch', ['data']]);
    expect(error.message).toContain('artifacts the pipeline does not read: data');
  });

  it('a wrong artifact name (bad_model_name) leaves model without one', async () => {
    const dir = await editedModel((a) => {
      a.bad_model_name = a.model;
      delete a.model;
    });
    const error = await rejection(loadModel(dir));
    expect([...error.datasets]).toEqual(['bad_model_name', 'model']);
    expect(error.message).toContain('inputs without an artifact: model');
  });

  it('a path out of the folder is refused', async () => {
    const dir = await editedModel((a) => ((a.model as { path: string }).path = '../../etc/passwd'));
    const error = await rejection(loadModel(dir));
    expect([error.kind, error.key]).toEqual(['model-folder', 'artifacts.model.path']);
  });
});

describe('artifacts come from the versioned path actually used (§9.2 item 12)', () => {
  it('a pinned load version is what the model carries, not the base path or the latest', async () => {
    const root = tempDir('kpm-versions-');
    const filepath = join(root, 'model.json');
    for (const [save, value] of [['2026-01-01T00.00.00.000Z', 2], ['2026-02-01T00.00.00.000Z', 7]] as const) await new JSONDataset({ filepath, version: { save } }).save(value);
    const pinned = new DataCatalog({ datasets: { model: new JSONDataset({ filepath, version: { load: '2026-01-01T00.00.00.000Z' } }) } });
    const latest = new DataCatalog({ datasets: { model: new JSONDataset({ filepath, version: {} }) } });
    const dirs = [join(tempDir(), 'pinned'), join(tempDir(), 'latest')];
    await saveModel(fixtureModel('dummy', pinned), dirs[0]!);
    await saveModel(fixtureModel('dummy', latest), dirs[1]!);
    expect(await (await loadModel(dirs[0]!)).predict(1)).toBe(2);
    expect(await (await loadModel(dirs[1]!)).predict(1)).toBe(7);
  });
});

describe('model datasets', () => {
  it('test_kedro_pipeline_ml_loading_deepcopiable_catalog: a model folder dataset as the artifact', async () => {
    const modelDir = join(tempDir(), 'inner-model');
    await new MlflowModelLocalFileSystemDataset({ filepath: modelDir, flavor: 'object' }).save({ factor: 5 });
    const catalog = new DataCatalog({ datasets: { model: new MlflowModelLocalFileSystemDataset({ filepath: modelDir, flavor: 'object' }) } });
    const dir = join(tempDir(), 'model');
    await saveModel(fixtureModel('scaled', catalog), dir);
    expect(await (await loadModel(dir)).predict([1, 2])).toEqual([5, 10]);
  });

  it('MlflowModelLocalFileSystemDataset saves and loads with flavor: kedro_pipeline', async () => {
    // Importing the package registered the flavor.
    expect(getModelFlavor('kedro_pipeline')).toBe(kedroPipelineFlavor);
    unregisterModelFlavor('kedro_pipeline');
    expect(getModelFlavor('kedro_pipeline')).toBeUndefined();
    registerKedroPipelineFlavor();
    const dataset = new MlflowModelLocalFileSystemDataset<unknown>({ filepath: join(tempDir(), 'model'), flavor: 'kedro_pipeline' });
    await dataset.save(fixtureModel('dummy', await artifactCatalog({ model: 3 })));
    const loaded = (await dataset.load()) as LoadedPipelineModel;
    expect(await loaded.predict(2)).toBe(6);
    expect(loaded.metadata.flavor.output_name).toBe('predictions');
  });
});

describe('saving errors', () => {
  it('a model without code, a non-empty folder, an in-memory catalog value that is not a file', async () => {
    const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }), { code: undefined });
    expect((await rejection(saveModel(kpm, join(tempDir(), 'model')))).kind).toBe('code-source');
    const full = tempDir();
    writeFileSync(join(full, 'x'), '');
    expect((await rejection(saveModel(fixtureModel('dummy', await artifactCatalog({ model: 2 })), full))).key).toBe('dir');
    const missing = fixtureModel('dummy', await artifactCatalog({ model: 2 }), { code: { module: join(tempDir(), 'nowhere.ts') } });
    expect((await rejection(saveModel(missing, join(tempDir(), 'model')))).kind).toBe('code-source');
  });

  it('code that gives another pipeline than the model is a code-mismatch', async () => {
    const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }), { code: { module: join(__dirname, 'fixtures', 'pipelines.ts'), exportName: 'registerPipelines', pipelineName: 'scaled' } });
    const error = await rejection(saveModel(kpm, join(tempDir(), 'model')));
    expect([error.kind, [...error.nodes]]).toEqual(['code-mismatch', ['scale']]);
  });
});

/**
 * MlflowModelLocalFileSystemDataset: a model folder on local disk (the flavor's files + MLmodel),
 * versioned like the file datasets, never talking to MLflow; Python MLflow reads the folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { readMLmodel } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { DatasetFileError, DatasetOptionError, MlflowModelLocalFileSystemDataset, ModelFlavorError, registerDatasetTypes } from '../../src/index.js';
import { rejection, tempFolders, thrown } from '../helpers.js';
import { LinearModel } from './fixtures/linear-flavor.js';
import { LINEAR_FLAVOR, PACKAGE_DIR } from './model-helpers.js';

const temp = tempFolders();
const context = (name: string) => ({ name, projectPath: PACKAGE_DIR });
const withPython = mlflowAvailable() ? it : it.skip;
jest.setTimeout(120_000);

const model = { weights: new Float64Array([0.5, -1]), vocab: new Map([['good', 1]]), bias: 10n };

describe('MlflowModelLocalFileSystemDataset', () => {
  it('test_save_unversioned_under_same_path: saving twice to the same unversioned folder replaces the model', async () => {
    const filepath = join(temp(), 'model');
    const ds = new MlflowModelLocalFileSystemDataset({ filepath, flavor: 'object' });
    await ds.save({ version: 1 });
    await ds.save({ version: 2 });
    expect(await ds.load()).toEqual({ version: 2 });
    expect(readdirSync(join(filepath, '..'))).toEqual(['model']);
  });

  it.each([false, true])('test_save_load_local (versioned=%s): the folder is where kedro puts it, and the model loads back', async (versioned) => {
    const filepath = join(temp(), 'model');
    const version = versioned ? { load: undefined, save: '2024-01-02T03.04.05.678Z' } : undefined;
    const ds = new MlflowModelLocalFileSystemDataset({ filepath, flavor: 'object', version });
    await ds.save(model);
    const folder = versioned ? join(filepath, '2024-01-02T03.04.05.678Z', 'model') : filepath;
    expect(readdirSync(folder).sort()).toEqual(['MLmodel', 'model.bin']);
    expect(await ds.load()).toEqual(model);
    expect(await ds.exists()).toBe(true);
  });

  it('test_pyfunc_flavor_python_model_save_and_load_local_fs: a user flavor saves and reloads a working model without any MLflow run', async () => {
    const mlruns = join(temp(), 'mlruns');
    const saved = process.env.MLFLOW_TRACKING_URI;
    process.env.MLFLOW_TRACKING_URI = mlruns;
    try {
      const ds = new MlflowModelLocalFileSystemDataset<LinearModel>({ filepath: join(temp(), 'linear'), flavor: LINEAR_FLAVOR }, context('regressor'));
      await ds.save(new LinearModel([2], 1));
      expect((await ds.load()).predict([[2], [0]])).toEqual([5, 1]);
      expect(existsSync(mlruns)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.MLFLOW_TRACKING_URI;
      else process.env.MLFLOW_TRACKING_URI = saved;
    }
  });

  it.each([undefined, {}, { description: 'a model', team: 'ml' }])('test_metrics_history_dataset_with_metadata (%p): metadata is kept and not described', (metadata) => {
    const ds = new MlflowModelLocalFileSystemDataset({ filepath: 'data/06_models/model', flavor: 'object', metadata });
    expect(ds.metadata).toEqual(metadata);
    expect(ds.toString()).toBe("MlflowModelLocalFileSystemDataset(filepath='data/06_models/model', flavor='object')");
  });

  it('writes an MLmodel with the flavor section, signature, input example and metadata', async () => {
    const filepath = join(temp(), 'model');
    const ds = new MlflowModelLocalFileSystemDataset({
      filepath,
      flavor: 'object',
      save_args: { serialization: 'json', input_example: [{ text: 'great film', length: 10 }], metadata: { owner: 'ml-team' } },
    });
    await ds.save({ threshold: 0.5, words: ['great'] });
    const mlmodel = await readMLmodel(filepath);
    expect(mlmodel.flavors).toEqual({ object: { data: 'model.json', serialization: 'json', node_version: process.versions.node } });
    expect(mlmodel.modelId).toBeNull();
    expect(mlmodel.metadata).toEqual({ owner: 'ml-team' });
    expect(mlmodel.savedInputExampleInfo?.type).toBe('dataframe');
    expect(JSON.parse(String(mlmodel.signature?.inputs))).toEqual([
      { type: 'string', name: 'text', required: true },
      { type: 'long', name: 'length', required: true },
    ]);
    expect(JSON.parse(readFileSync(join(filepath, 'model.json'), 'utf8'))).toEqual({ threshold: 0.5, words: ['great'] });
    expect(await ds.load()).toEqual({ threshold: 0.5, words: ['great'] });
  });

  it('a save that fails leaves the previous model as it was, and no staging folder', async () => {
    const dir = temp();
    const ds = new MlflowModelLocalFileSystemDataset({ filepath: join(dir, 'model'), flavor: 'object', save_args: { serialization: 'json' } }, context('model'));
    await ds.save({ version: 1 });
    const error = await rejection(ds.save({ vocab: new Map([['a', 1]]) }));
    expect(DatasetFileError.isInstance(error) && error.kind === 'unserializable').toBe(true);
    expect(await ds.load()).toEqual({ version: 1 });
    expect(readdirSync(dir)).toEqual(['model']);
  });

  it("log_args are refused on purpose (kedro-mlflow accepted and ignored them), saying how to log the model", () => {
    const error = thrown(() => new MlflowModelLocalFileSystemDataset({ filepath: 'm', flavor: 'object', log_args: { name: 'm' } } as never, context('model')));
    expect(DatasetOptionError.isInstance(error) && error.option === 'log_args').toBe(true);
    expect(error.message).toContain('MlflowModelTrackingDataset');
  });

  it('bad save_args name the dataset and the key', () => {
    const unknown = thrown(() => new MlflowModelLocalFileSystemDataset({ filepath: 'm', flavor: 'object', save_args: { serialisation: 'json' } }, context('model')));
    expect(DatasetOptionError.isInstance(unknown) && unknown.key === 'serialisation').toBe(true);
    expect(unknown.message).toContain("Unknown key 'serialisation' in 'save_args' of dataset 'model' (did you mean 'serialization'?)");
    const wrong = thrown(() => new MlflowModelLocalFileSystemDataset({ filepath: 'm', flavor: 'object', save_args: { serialization: 'pickle' } }, context('model')));
    expect(wrong.message).toContain("'save_args.serialization' of dataset 'model' must be one of 'v8', 'json', got 'pickle'.");
    const signature = thrown(() => new MlflowModelLocalFileSystemDataset({ filepath: 'm', flavor: 'object', save_args: { signature: { inputs: '[{"type": "nope"}]' } } }, context('model')));
    expect(DatasetOptionError.isInstance(signature) && signature.key === 'signature').toBe(true);
  });

  it("loading a folder saved with another flavor names the folder's flavors", async () => {
    const filepath = join(temp(), 'model');
    await new MlflowModelLocalFileSystemDataset({ filepath, flavor: LINEAR_FLAVOR }, context('a')).save(new LinearModel([1], 0));
    const error = await rejection(new MlflowModelLocalFileSystemDataset({ filepath, flavor: 'object' }, context('b')).load());
    expect(ModelFlavorError.isInstance(error) && error.kind === 'not-in-model').toBe(true);
    expect((error as ModelFlavorError).available).toEqual(['linear']);
    expect(error.message).toContain(`Cannot load dataset 'b': the model at '${filepath}' has the flavors linear in its MLmodel, not 'object'.`);
  });

  it("works from catalog.yml under kedro-mlflow's type name, versioned", async () => {
    registerDatasetTypes();
    const filepath = join(temp(), 'model');
    const catalog = await DataCatalog.fromConfig(
      { model: { type: 'kedro_mlflow.io.models.MlflowModelLocalFileSystemDataset', filepath, flavor: 'object', versioned: true } },
      { projectPath: PACKAGE_DIR },
    );
    await catalog.save('model', { a: 1 });
    expect(await catalog.load('model')).toEqual({ a: 1 });
    expect(readdirSync(filepath)).toHaveLength(1);
  });

  withPython('Python MLflow reads the folder: Model.load and get_model_info see the flavor, signature and example', async () => {
    const filepath = join(temp(), 'model');
    await new MlflowModelLocalFileSystemDataset({ filepath, flavor: 'object', save_args: { input_example: [{ x: 1.5 }] } }).save(model);
    const seen = await runPythonJson<{ flavors: string[]; inputs: string; example: unknown; info_flavors: string[] }>(`
import json, mlflow
from mlflow.models import Model
m = Model.load(${JSON.stringify(filepath)})
info = mlflow.models.get_model_info(${JSON.stringify(filepath)})
print(json.dumps({"flavors": sorted(m.flavors), "inputs": m.signature.inputs.to_json(), "example": m.load_input_example(${JSON.stringify(filepath)}).to_dict("records"), "info_flavors": sorted(info.flavors)}))
`);
    expect(seen).toEqual({ flavors: ['object'], inputs: '[{"type": "double", "name": "x", "required": true}]', example: [{ x: 1.5 }], info_flavors: ['object'] });
  });
});

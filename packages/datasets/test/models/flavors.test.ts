/**
 * The flavor registry and the `flavor` option of the model datasets: registered names, user flavors
 * by module path (imported with the session's module loader), and each bad input as a typed error
 * naming the dataset and the flavor.
 */
import { DataCatalog, DatasetError } from '@kedro-mlflow/core-pipeline';
import {
  DatasetOptionError,
  MlflowModelLocalFileSystemDataset,
  MlflowModelRegistryDataset,
  MlflowModelTrackingDataset,
  ModelFlavorError,
  getModelFlavor,
  objectFlavor,
  registerDatasetTypes,
  registerModelFlavor,
  registeredModelFlavors,
  unregisterModelFlavor,
  type ModelFlavor,
} from '../../src/index.js';
import { rejection, tempFolders, thrown } from '../helpers.js';
import { LINEAR_FLAVOR, PACKAGE_DIR } from './model-helpers.js';
import { LinearModel } from './fixtures/linear-flavor.js';

const temp = tempFolders();
const context = (name: string) => ({ name, projectPath: PACKAGE_DIR });

function flavorError(fn: () => unknown): ModelFlavorError {
  const error = thrown(fn);
  if (!ModelFlavorError.isInstance(error)) throw error;
  return error;
}

async function flavorRejection(promise: Promise<unknown>): Promise<ModelFlavorError> {
  const error = await rejection(promise);
  if (!ModelFlavorError.isInstance(error)) throw error;
  return error;
}

describe('the flavor registry', () => {
  const upper: ModelFlavor<string> = { name: 'upper_text', save: () => ({}), load: () => 'x' };
  afterEach(() => unregisterModelFlavor('upper_text'));

  it('holds the built-in object flavor and what packages above register by name', () => {
    expect(registeredModelFlavors()).toContain('object');
    expect(getModelFlavor('object')).toBe(objectFlavor);
    registerModelFlavor(upper);
    expect(getModelFlavor('upper_text')).toBe(upper);
    expect(new MlflowModelLocalFileSystemDataset({ filepath: temp(), flavor: 'upper_text' }).toString()).toContain("flavor='upper_text'");
    expect(unregisterModelFlavor('upper_text')).toBe(true);
    expect(getModelFlavor('upper_text')).toBeUndefined();
  });

  it('refuses a registration that is not a flavor', () => {
    const error = flavorError(() => registerModelFlavor({ name: 'half', save: () => ({}) } as unknown as ModelFlavor));
    expect(error.kind).toBe('not-a-flavor');
    expect(error.flavor).toBe('half');
    expect(flavorError(() => registerModelFlavor({ ...upper, name: 'a#b' })).kind).toBe('not-a-flavor');
  });
});

describe('an unknown flavor', () => {
  // test_model_tracking_dataset_flavor_does_not_exists: flavor 'mlflow.whoops' fails at construction.
  it("test_model_tracking_dataset_flavor_does_not_exists: 'mlflow.whoops' fails at construction, naming the dataset and the registered flavors", () => {
    const error = flavorError(() => new MlflowModelTrackingDataset({ flavor: 'mlflow.whoops' }, context('model')));
    expect(error.kind).toBe('unknown');
    expect(error.dataset).toBe("'model'");
    expect(error.flavor).toBe('mlflow.whoops');
    expect(error.available).toEqual(registeredModelFlavors());
    expect(error.message).toContain("Dataset 'model' has an unknown model flavor 'mlflow.whoops'.");
    expect(error.message).toContain('is a Python MLflow flavor');
    expect(error.message).toContain('Registered flavors: ');
  });

  it('suggests the closest registered name', () => {
    const error = flavorError(() => new MlflowModelLocalFileSystemDataset({ filepath: temp(), flavor: 'objetc' }, context('regressor')));
    expect(error.message).toContain("Did you mean 'object'?");
    expect(error.dataset).toBe("'regressor'");
  });

  it('fails when the catalog is built, naming the catalog entry', async () => {
    registerDatasetTypes();
    const catalog = await DataCatalog.fromConfig({ regressor: { type: 'kedro_mlflow.io.models.MlflowModelTrackingDataset', flavor: 'mlflow.sklearn' } });
    const error = thrown(() => catalog.getDataset('regressor'));
    expect(DatasetError.isInstance(error)).toBe(true);
    expect(error.message).toContain("dataset 'regressor'");
    expect(ModelFlavorError.isInstance(error.cause)).toBe(true);
    expect((error.cause as ModelFlavorError).flavor).toBe('mlflow.sklearn');
  });

  it('is an option error when missing or not a name', () => {
    for (const flavor of [undefined, '', 42]) {
      const error = thrown(() => new MlflowModelTrackingDataset({ flavor } as never, context('model')));
      expect(DatasetOptionError.isInstance(error) && error.option === 'flavor').toBe(true);
      expect(error.message).toContain("Dataset 'model' needs a 'flavor'");
    }
  });
});

describe('user flavors by module path', () => {
  it('are imported from the project on first use and save and load a model of their own class', async () => {
    const dir = temp();
    const ds = new MlflowModelLocalFileSystemDataset<LinearModel>({ filepath: `${dir}/linear`, flavor: LINEAR_FLAVOR, save_args: { precision: 3 } }, context('linear'));
    await ds.save(new LinearModel([2.00001], 1));
    const loaded = await ds.load();
    expect(loaded.constructor.name).toBe('LinearModel');
    expect(loaded.predict([[2]])).toEqual([5]);
    expect(ds.toString()).toContain(`flavor='${LINEAR_FLAVOR}'`);
  });

  it("check the flavor's own save_args once it is imported", async () => {
    const ds = new MlflowModelLocalFileSystemDataset({ filepath: `${temp()}/linear`, flavor: LINEAR_FLAVOR, save_args: { precison: 3 } }, context('linear'));
    const error = await rejection(ds.save(new LinearModel([1], 0)));
    expect(DatasetOptionError.isInstance(error)).toBe(true);
    expect((error as DatasetOptionError).key).toBe('precison');
    expect(error.message).toContain("did you mean 'precision'?");
  });

  it('a missing module fails at construction', () => {
    const error = flavorError(() => new MlflowModelTrackingDataset({ flavor: './src/flavors/onnx.ts#OnnxFlavor' }, context('onnx_model')));
    expect(error.kind).toBe('module-not-found');
    expect(error.message).toContain("the module './src/flavors/onnx.ts' was not found from the project folder");
    expect(error.dataset).toBe("'onnx_model'");
  });

  it('a missing export or an export that is not a flavor fails on first use, listing the exports', async () => {
    const missing = new MlflowModelLocalFileSystemDataset({ filepath: `${temp()}/m`, flavor: './test/models/fixtures/linear-flavor.ts#LinearFlavour' }, context('m'));
    const error = await flavorRejection(missing.save(new LinearModel([1], 0)));
    expect(error.kind).toBe('export-missing');
    expect(error.message).toContain("Did you mean 'LinearFlavor'?");
    expect(error.available).toEqual(['LinearFlavor', 'LinearModel', 'notAFlavor']);
    const broken = new MlflowModelLocalFileSystemDataset({ filepath: `${temp()}/m`, flavor: './test/models/fixtures/linear-flavor.ts#notAFlavor' }, context('m'));
    expect((await flavorRejection(broken.save(new LinearModel([1], 0)))).kind).toBe('not-a-flavor');
  });

  it("a malformed '<module>#<Export>' is an option error", () => {
    const error = thrown(() => new MlflowModelTrackingDataset({ flavor: './src/flavors/onnx.ts#' }, context('m')));
    expect(DatasetOptionError.isInstance(error) && error.option === 'flavor').toBe(true);
  });
});

describe('Python-only options', () => {
  // test_pyfunc_flavor_wrong_pyfunc_workflow: Python checks pyfunc_workflow's value; flavors make it meaningless here.
  it('test_pyfunc_flavor_wrong_pyfunc_workflow: pyfunc_workflow is refused by name on the three datasets, with what to do', () => {
    const builds = [
      () => new MlflowModelTrackingDataset({ flavor: 'object', pyfunc_workflow: 'wrong_workflow' } as never, context('m')),
      () => new MlflowModelLocalFileSystemDataset({ filepath: temp(), flavor: 'object', pyfunc_workflow: 'python_model' } as never, context('m')),
      () => new MlflowModelRegistryDataset({ model_name: 'm', pyfunc_workflow: 'loader_module' } as never, context('m')),
    ];
    for (const build of builds) {
      const error = thrown(build);
      expect(DatasetOptionError.isInstance(error) && error.option === 'pyfunc_workflow').toBe(true);
      expect(error.message).toContain("PyFunc workflows ('python_model', 'loader_module')");
      expect(error.message).toContain("remove 'pyfunc_workflow'");
    }
  });
});

/**
 * MlflowModelRegistryDataset against the real MLflow server and an embedded mlruns folder: three
 * versions of one registered model, each logged by its own pipeline run; version 2 in Staging,
 * alias `champion` on version 1.
 */
import { captureLogs, DatasetError } from '@kedro-mlflow/core-pipeline';
import { mlflowAvailable } from '@kedro-mlflow/mlflow-test-server';
import { DatasetOptionError, MlflowModelRegistryDataset, MlflowModelTrackingDataset, ModelDatasetError, ModelFlavorError } from '../../src/index.js';
import { rejection, thrown } from '../helpers.js';
import { LinearModel } from './fixtures/linear-flavor.js';
import { inPipelineRun, LINEAR_FLAVOR, PACKAGE_DIR, uniqueName, useTarget, type Target } from './model-helpers.js';

jest.setTimeout(180_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
const context = (name: string) => ({ name, projectPath: PACKAGE_DIR });

describe('MlflowModelRegistryDataset options', () => {
  it('test_mlflow_model_registry_alias_and_stage_or_version_fails: both is an error when the dataset is built', () => {
    const error = thrown(() => new MlflowModelRegistryDataset({ model_name: 'demo', alias: 'champion', stage_or_version: '1' }, context('model')));
    expect(DatasetOptionError.isInstance(error) && error.option === 'alias').toBe(true);
    expect(error.message).toContain("You cannot specify 'alias' and 'stage_or_version' simultaneously (dataset 'model': alias='champion' and stage_or_version='1')");
  });

  it('test_mlflow_model_registry_save_not_implemented: save says how to save and register a model', async () => {
    const error = await rejection(new MlflowModelRegistryDataset({ model_name: 'demo' }, context('model')).save({ a: 1 }));
    expect(ModelDatasetError.isInstance(error) && error.kind === 'read-only').toBe(true);
    expect(error.message).toContain("The 'save' method is not implemented for MlflowModelRegistryDataset");
    expect(error.message).toContain('registered_model_name');
  });

  it.each([undefined, {}, { owner: 'ml-team' }])('test_metrics_history_dataset_with_metadata (%p): metadata is kept and not described', (metadata) => {
    const ds = new MlflowModelRegistryDataset({ model_name: 'demo', metadata });
    expect(ds.metadata).toEqual(metadata);
    expect(ds.toString()).toBe("MlflowModelRegistryDataset(model_uri='models:/demo/latest', model_name='demo', stage_or_version='latest')");
  });

  it('builds the model URI: latest by default, a version, a stage, an alias', () => {
    const uri = (options: Partial<ConstructorParameters<typeof MlflowModelRegistryDataset>[0]>) => new MlflowModelRegistryDataset({ model_name: 'demo', ...options }).modelUri;
    expect(uri({})).toBe('models:/demo/latest');
    expect(uri({ stage_or_version: 3 })).toBe('models:/demo/3');
    expect(uri({ stage_or_version: 'Staging' })).toBe('models:/demo/Staging');
    expect(uri({ alias: 'champion', stage_or_version: null })).toBe('models:/demo@champion');
  });

  it('refuses a missing model_name and a stage_or_version that is no version, naming the option', () => {
    const missing = thrown(() => new MlflowModelRegistryDataset({} as never, context('model')));
    expect(DatasetOptionError.isInstance(missing) && missing.option === 'model_name').toBe(true);
    for (const stage_or_version of ['preprod', 0, 1.5]) {
      const error = thrown(() => new MlflowModelRegistryDataset({ model_name: 'demo', stage_or_version }, context('model')));
      expect(DatasetOptionError.isInstance(error) && error.option === 'stage_or_version').toBe(true);
    }
  });
});

withMlflow.each(['server', 'mlruns'] as const)('MlflowModelRegistryDataset (%s)', (kind) => {
  let target: Target & { restore(): Promise<void> };
  const name = uniqueName('registry-demo');
  const runs: string[] = [];
  const load = (options: Partial<ConstructorParameters<typeof MlflowModelRegistryDataset>[0]>) =>
    new MlflowModelRegistryDataset<{ version: number }>({ model_name: name, ...options }, context('model')).load();

  beforeAll(async () => {
    target = await useTarget(kind);
    for (const version of [1, 2, 3]) {
      const ds = new MlflowModelTrackingDataset({ flavor: 'object', save_args: { name: 'clf', registered_model_name: name } }, context('clf'));
      runs.push(await inPipelineRun(target, async (runId) => (await ds.save({ version }), runId)));
    }
    await target.client.transitionModelVersionStage(name, 2, 'Staging');
    await target.client.setRegisteredModelAlias(name, 'champion', 1);
  });
  afterAll(() => target.restore());

  it('test_mlflow_model_registry_load_given_stage_or_version: latest, a stage (any case) and a version number', async () => {
    expect(await load({})).toEqual({ version: 3 });
    expect(await load({ stage_or_version: 'staging' })).toEqual({ version: 2 });
    expect(await load({ stage_or_version: '1' })).toEqual({ version: 1 });
    expect(await load({ stage_or_version: 1 })).toEqual({ version: 1 });
  });

  it('test_mlflow_model_registry_load_given_alias: the aliased version', async () => {
    expect(await load({ alias: 'champion' })).toEqual({ version: 1 });
  });

  it('test_mlflow_model_registry_logs_run_id (an xfail in kedro-mlflow): loading logs the run the version came from', async () => {
    const logs = captureLogs();
    try {
      await load({});
      await load({ alias: 'champion' });
    } finally {
      logs.restore();
    }
    const info = logs.messages('info').filter((m) => m.startsWith('Loading model from run_id='));
    expect(info).toEqual([`Loading model from run_id='${runs[2]}' (models:/${name}/latest, version 3)`, `Loading model from run_id='${runs[0]}' (models:/${name}@champion, version 1)`]);
  });

  it("a flavor the model was not saved with names the model's flavors", async () => {
    const error = await rejection(load({ flavor: LINEAR_FLAVOR }));
    expect(ModelFlavorError.isInstance(error) && error.kind === 'not-in-model').toBe(true);
    expect((error as ModelFlavorError).available).toEqual(['object']);
  });

  it('a version that does not exist names the versions there are', async () => {
    const error = await rejection(load({ stage_or_version: 7 }));
    expect(DatasetError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`registered model '${name}' has no version 7`);
    expect(error.message).toMatch(/1, 2, 3/);
  });

  it('loads a user-flavor model with that flavor', async () => {
    const linear = uniqueName('linear');
    await new MlflowModelTrackingDataset({ flavor: LINEAR_FLAVOR, save_args: { name: 'reg', registered_model_name: linear } }, context('reg')).save(new LinearModel([2], 1));
    const model = await new MlflowModelRegistryDataset<LinearModel>({ model_name: linear, flavor: LINEAR_FLAVOR }, context('reg')).load();
    expect(model.predict([[2]])).toEqual([5]);
  });
});

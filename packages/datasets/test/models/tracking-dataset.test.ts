/**
 * MlflowModelTrackingDataset against the real MLflow server and an embedded mlruns folder: MLflow 3
 * logged models, linked to the pipeline run when there is one, registered on request, loaded by URI;
 * Python MLflow reads what we log.
 */
import { captureLogs } from '@kedro-mlflow/core-pipeline';
import { loadModelInfo, type LoggedModel } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { DatasetOptionError, MlflowModelTrackingDataset, ModelDatasetError } from '../../src/index.js';
import { rejection, thrown } from '../helpers.js';
import { LinearModel } from './fixtures/linear-flavor.js';
import { inDisabledPipelineRun, inPipelineRun, LINEAR_FLAVOR, PACKAGE_DIR, runIds, uniqueName, useTarget, type Target } from './model-helpers.js';

jest.setTimeout(180_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
const context = (name: string) => ({ name, projectPath: PACKAGE_DIR });
const linear = (save_args: Record<string, unknown> = { name: 'regressor' }, load_args?: Record<string, unknown>) =>
  new MlflowModelTrackingDataset<LinearModel>({ flavor: LINEAR_FLAVOR, save_args, ...(load_args === undefined ? {} : { load_args }) }, context('regressor'));

async function loggedModels(target: Target): Promise<LoggedModel[]> {
  return (await target.client.searchLoggedModels(target.experimentId)).items;
}

/** `toString()`'s field, e.g. model_uri='models:/m-…' → 'models:/m-…' (undefined when absent). */
function described(ds: MlflowModelTrackingDataset, field: string): string | undefined {
  return new RegExp(`${field}='([^']*)'`).exec(ds.toString())?.[1];
}

describe('MlflowModelTrackingDataset without a tracking server', () => {
  it('test_load_without_model_uri_in_load_args_and_no_save_before: load says how to name a model', async () => {
    const error = await rejection(linear().load());
    expect(ModelDatasetError.isInstance(error) && error.kind === 'no-model-uri').toBe(true);
    expect(error.message).toContain("Cannot load dataset 'regressor': to load from a given model_uri, you must either specify 'model_uri' in 'load_args'");
  });

  it('test_mlflow_model_tracking_logging_deactivation_is_bool: loggingActivated takes only booleans', () => {
    const ds = linear();
    const error = thrown(() => {
      (ds as unknown as { loggingActivated: unknown }).loggingActivated = 'yes';
    });
    expect(DatasetOptionError.isInstance(error) && error.option === 'loggingActivated').toBe(true);
    ds.loggingActivated = false;
    expect(ds.loggingActivated).toBe(false);
  });

  it.each([undefined, {}, { owner: 'ml-team', stage: 'dev' }])('test_mlflow_model_tracking_dataset_with_metadata (%p): metadata is kept and not described', (metadata) => {
    const ds = new MlflowModelTrackingDataset({ flavor: 'object', save_args: { name: 'clf' }, metadata });
    expect(ds.metadata).toEqual(metadata);
    expect(ds.toString()).toBe("MlflowModelTrackingDataset(flavor='object', save_args={'name': 'clf'}, name='clf')");
  });

  it("warns without save_args.name, and describes the name used from the start (kedro-mlflow's was None until the first save)", () => {
    const logs = captureLogs();
    try {
      const ds = new MlflowModelTrackingDataset({ flavor: 'object' }, context('clf'));
      expect(described(ds, 'name')).toBe('model');
      expect(logs.messages('warn').join('\n')).toContain("Dataset 'clf': it is highly recommended to specify 'name' in 'save_args'");
    } finally {
      logs.restore();
    }
    expect(described(new MlflowModelTrackingDataset({ flavor: 'object', save_args: { name: 'clf' } }), 'name')).toBe('clf');
  });

  it("refuses run options (kedro-mlflow 1.x's run_id / artifact_path), a malformed model_uri and unknown save_args, naming the key", () => {
    for (const key of ['run_id', 'load_run_id', 'save_run_id', 'artifact_path']) {
      const error = thrown(() => new MlflowModelTrackingDataset({ flavor: 'object', [key]: 'x' } as never, context('clf')));
      expect(DatasetOptionError.isInstance(error) && error.option === key).toBe(true);
      expect(error.message).toContain("'load_args.model_uri'");
    }
    const uri = thrown(() => new MlflowModelTrackingDataset({ flavor: 'object', load_args: { model_uri: 'models:/' } }, context('clf')));
    expect(DatasetOptionError.isInstance(uri) && uri.key === 'model_uri').toBe(true);
    expect(uri.message).toContain("'load_args.model_uri' of dataset 'clf' is not a model URI");
    const unknown = thrown(() => new MlflowModelTrackingDataset({ flavor: 'object', save_args: { registred_model_name: 'x' } }, context('clf')));
    expect(unknown.message).toContain("(did you mean 'registered_model_name'?)");
  });
});

withMlflow.each(['server', 'mlruns'] as const)('MlflowModelTrackingDataset (%s)', (kind) => {
  let target: Target & { restore(): Promise<void> };
  beforeAll(async () => {
    target = await useTarget(kind);
  });
  afterAll(() => target.restore());

  it('test_model_tracking_dataset_ensure_cannot_save_sklearn_flavor_with_model_uri: saving with load_args.model_uri fails', async () => {
    const first = linear();
    await first.save(new LinearModel([2], 1));
    const ds = linear({ name: 'regressor' }, { model_uri: first.currentModelUri });
    const error = await rejection(ds.save(new LinearModel([1], 0)));
    expect(ModelDatasetError.isInstance(error) && error.kind === 'save-with-model-uri').toBe(true);
    expect(error.message).toContain("It is impossible to save a model when 'model_uri' is specified");
  });

  it('test_model_tracking_dataset_load_sklearn_flavor_with_model_uri_from_correct_uri: load_args.model_uri picks the first of two models', async () => {
    const writer = linear();
    await writer.save(new LinearModel([2], 1));
    const firstUri = writer.currentModelUri!;
    await writer.save(new LinearModel([10], 0));
    const reader = linear({}, { model_uri: firstUri });
    expect(described(reader, 'model_uri')).toBe(firstUri);
    expect((await reader.load()).predict([[2]])).toEqual([5]);
  });

  it('test_model_tracking_dataset_save_and_load_sklearn_flavor_without_model_uri_load_args: the last saved URI is described and loaded', async () => {
    const ds = linear({ name: 'lonely' });
    expect(described(ds, 'model_uri')).toBeUndefined();
    await ds.save(new LinearModel([2], 1));
    const [model] = (await loggedModels(target)).filter((m) => m.name === 'lonely');
    expect(described(ds, 'model_uri')).toBe(`models:/${model!.modelId}`);
    expect(described(ds, 'model_id')).toBe(model!.modelId);
    expect(model!.status).toBe('LOGGED_MODEL_READY');
    expect((await ds.load()).predict([[2]])).toEqual([5]);
  });

  it('test_model_tracking_dataset_save_twice: the second save moves model_uri to the newer model', async () => {
    const ds = linear();
    await ds.save(new LinearModel([1], 0));
    const first = ds.currentModelUri;
    await ds.save(new LinearModel([2], 1));
    expect(ds.currentModelUri).not.toBe(first);
    expect((await ds.load()).predict([[1]])).toEqual([3]);
  });

  it.each([
    ['a user flavor', LINEAR_FLAVOR, new LinearModel([2], 1), (m: unknown) => (m as LinearModel).predict([[2]])],
    ['the object flavor', 'object', { weights: new Float64Array([2, 1]) }, (m: unknown) => [(m as { weights: Float64Array }).weights[0]! * 2 + 1]],
  ])('test_pyfunc_flavor_python_model_save_and_load_tracking_dataset (%s): a second dataset loads the logged model by its URI', async (_label, flavor, model, predict) => {
    const writer = new MlflowModelTrackingDataset({ flavor, save_args: { name: 'inference' } }, context('writer'));
    await writer.save(model);
    const reader = new MlflowModelTrackingDataset({ flavor, load_args: { model_uri: writer.currentModelUri } }, context('reader'));
    expect(predict(await reader.load())).toEqual([5]);
  });

  it('test_mlflow_model_tracking_logging_deactivation: with logging off (or tracking disabled for the pipeline) nothing is logged and no run is made', async () => {
    const runsBefore = await runIds(target);
    const modelsBefore = (await loggedModels(target)).length;
    const off = linear();
    off.loggingActivated = false;
    await off.save(new LinearModel([1], 0));
    expect(off.currentModelUri).toBeUndefined();
    const disabled = linear();
    await inDisabledPipelineRun(() => disabled.save(new LinearModel([1], 0)));
    expect(disabled.currentModelUri).toBeUndefined();
    expect(await runIds(target)).toEqual(runsBefore);
    expect(await loggedModels(target)).toHaveLength(modelsBefore);
  });

  it('without a pipeline run the model is logged on its own: no run is created (MLflow 3)', async () => {
    const runsBefore = await runIds(target);
    const ds = linear({ name: 'runless' });
    await ds.save(new LinearModel([1], 0));
    const model = await target.client.getLoggedModel(described(ds, 'model_id')!);
    expect(model.sourceRunId).toBeUndefined();
    expect(described(ds, 'run_id')).toBeUndefined();
    expect(await runIds(target)).toEqual(runsBefore);
  });

  it("inside a pipeline run the model is that run's output, registered with registered_model_name, and loads from runs:/ and models:/name/version", async () => {
    const registered = uniqueName('regressor');
    const ds = new MlflowModelTrackingDataset<LinearModel>(
      { flavor: LINEAR_FLAVOR, save_args: { name: 'regressor', registered_model_name: registered, params: { lr: 0.1 }, input_example: [{ x: 2 }] } },
      context('regressor'),
    );
    const runId = await inPipelineRun(target, async (id) => {
      await ds.save(new LinearModel([2], 1));
      return id;
    });
    const modelId = described(ds, 'model_id')!;
    expect(described(ds, 'run_id')).toBe(runId);
    const model = await target.client.getLoggedModel(modelId);
    expect(model.sourceRunId).toBe(runId);
    expect(model.params).toEqual({ lr: '0.1' });
    expect((await target.client.getRun(runId)).outputs.modelOutputs.map((o) => o.modelId)).toEqual([modelId]);
    expect((await target.client.getModelVersion(registered, 1)).source).toBe(`models:/${modelId}`);
    expect((await loadModelInfo(target.client, `models:/${registered}/1`)).flavors).toEqual({ linear: { weights: 'weights.json' } });
    for (const uri of [`runs:/${runId}/regressor`, `models:/${registered}/1`]) {
      expect((await linear({}, { model_uri: uri }).load()).predict([[2]])).toEqual([5]);
    }
  });

  it('Python MLflow reads the logged model: get_logged_model, get_model_info and the registered version', async () => {
    const registered = uniqueName('py-check');
    const ds = new MlflowModelTrackingDataset({ flavor: 'object', save_args: { name: 'clf', registered_model_name: registered, input_example: [{ x: 1.5 }] } }, context('clf'));
    await ds.save({ threshold: 0.5 });
    const modelId = described(ds, 'model_id')!;
    const seen = await runPythonJson<{ name: string; status: string; flavors: string[]; inputs: string; version_source: string }>(
      `
import json, mlflow
mlflow.set_tracking_uri(${JSON.stringify(target.uri)})
c = mlflow.MlflowClient()
lm = c.get_logged_model(${JSON.stringify(modelId)})
info = mlflow.models.get_model_info("models:/${modelId}")
mv = c.get_model_version(${JSON.stringify(registered)}, "1")
print(json.dumps({"name": lm.name, "status": str(lm.status), "flavors": sorted(info.flavors), "inputs": info.signature.inputs.to_json(), "version_source": mv.source}))
`,
      { env: { MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet' } },
    );
    expect(seen).toEqual({ name: 'clf', status: 'READY', flavors: ['object'], inputs: '[{"type": "double", "name": "x", "required": true}]', version_source: `models:/${modelId}` });
  });
});

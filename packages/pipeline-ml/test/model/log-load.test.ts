/**
 * logModel → loadModel through the real MLflow server and an embedded mlruns folder, by every model
 * URI form: runs:/, models:/name/1, models:/name@alias, models:/m-….
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { logModel, loadModel, KedroPipelineModelError } from '@kedro-mlflow/pipeline-ml';
import { artifactCatalog, fixtureModel } from './model-helpers.js';

jest.setTimeout(180_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${process.pid}`;

withMlflow.each(['server', 'mlruns'] as const)('logModel and loadModel (%s)', (kind) => {
  let client: MlflowClient;
  let uri: string;
  let experimentId: string;
  let runId: string;
  let logged: Awaited<ReturnType<typeof logModel>>;
  const name = unique('kpm');
  const folders: string[] = [];

  beforeAll(async () => {
    if (kind === 'server') uri = (await sharedMlflowServer()).url;
    else {
      const dir = mkdtempSync(join(tmpdir(), 'kpm-mlruns-'));
      folders.push(dir);
      uri = join(dir, 'mlruns');
    }
    client = new MlflowClient({ trackingUri: uri, env: {} });
    experimentId = await client.createExperiment(unique('kpm-models'));
    runId = (await client.createRun(experimentId)).info.runId;
    const kpm = fixtureModel('params', await artifactCatalog({ model: [0.2, 0.6, 0.9] }, { 'params:stopwords': ['the'], 'params:threshold': 0.5 }));
    logged = await logModel(kpm, { client, runId, name: 'classifier', registeredModelName: name, registeredModelAliases: ['champion'], inputExample: [{ word: 'the' }] });
    await client.setTerminated(runId);
  });

  afterAll(async () => {
    await client.close();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['runs', 'version', 'alias', 'model-id'] as const)('loads by %s URI and predicts', async (form) => {
    const modelUri = { runs: `runs:/${runId}/classifier`, version: `models:/${name}/1`, alias: `models:/${name}@champion`, 'model-id': logged.modelUri }[form];
    const dstDir = mkdtempSync(join(tmpdir(), 'kpm-download-'));
    folders.push(dstDir);
    const model = await loadModel(modelUri, { client, dstDir });
    expect(await model.predict(['the'])).toEqual([0, 1, 1, 0]);
    expect(await model.predict(['the'], { threshold: 0.8 })).toEqual([0, 0, 1, 0]);
    expect(model.metadata).toMatchObject({ modelUri, modelId: logged.modelId, runId });
    expect(model.signature?.params?.map((p) => p.name)).toEqual(['runner', 'stopwords', 'threshold']);
  });

  it('the logged model is READY, linked to the run, registered as version 1 with the alias', async () => {
    const model = await client.getLoggedModel(logged.modelId);
    expect(model.status).toBe('LOGGED_MODEL_READY');
    expect(model.sourceRunId).toBe(runId);
    expect((await client.getModelVersionByAlias(name, 'champion')).version).toBe('1');
  });

  it('Python MLflow reads the logged MLmodel', async () => {
    const env: Record<string, string> = { MLFLOW_TRACKING_URI: uri, MLFLOW_ALLOW_FILE_STORE: 'true' };
    const out = await runPythonJson<{ flavors: string[]; run_id: string }>(
      [
        'import json, mlflow',
        `info = mlflow.models.get_model_info(${JSON.stringify(`models:/${name}/1`)})`,
        'print(json.dumps({"flavors": list(info.flavors), "run_id": info.run_id}))',
      ].join('\n'),
      { env },
    );
    expect(out).toEqual({ flavors: ['kedro_pipeline', 'python_function'], run_id: runId });
  });

  it('a model that cannot be saved creates nothing in MLflow', async () => {
    const before = (await client.searchLoggedModels([experimentId])).items.length;
    const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }), { code: undefined });
    await expect(logModel(kpm, { client, runId, name: 'broken' })).rejects.toThrow(KedroPipelineModelError);
    expect((await client.searchLoggedModels([experimentId])).items.length).toBe(before);
  });
});

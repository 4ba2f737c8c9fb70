/**
 * Logged models and model URIs, checked by real Python MLflow 3.17, both ways, through the server
 * and through an mlruns folder:
 * - a model we log (with a `python_function` flavor whose loader we ship in `code/`) is read by
 *   `get_model_info`, `Model.load`, `download_artifacts('models:/name/1')`, `get_logged_model`,
 *   the run's outputs — and loaded and scored by `mlflow.pyfunc.load_model('models:/name@alias')`,
 *   enforcing the signature we wrote;
 * - a model Python logs (`pyfunc.log_model`, `registered_model_name`, an alias) is resolved and
 *   downloaded by us through `models:/name@alias`, `models:/m-…` and `runs:/<run_id>/<name>`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import {
  MlflowClient,
  downloadModel,
  loadInputExample,
  loadModelInfo,
  logModel,
  parseSignature,
  pythonFunctionEnv,
  readMLmodel,
  resolveModelUri,
  type LogModelResult,
} from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { cleanupTempDirs, listFiles, tempDir } from '../file-store/helpers.js';

afterAll(cleanupTempDirs);
jest.setTimeout(180_000);

const withMlflow = mlflowAvailable() ? describe : describe.skip;
const FILE_STORE_ENV = { MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet' };

const LOADER = `import json, os

class _Doubler:
    def __init__(self, factor):
        self.factor = factor

    def predict(self, model_input, params=None):
        return [float(x) * self.factor for x in model_input["x"]]

def _load_pyfunc(path):
    with open(os.path.join(path, "weights.json")) as fh:
        return _Doubler(json.load(fh)["factor"])
`;

const md5 = (path: string): string => createHash('md5').update(readFileSync(path)).digest('hex');
const WEIGHTS = JSON.stringify({ factor: 2 });

/** A model folder Python can load with pyfunc: our own loader module in code/, weights in data/. */
function tsModelFolder(): string {
  const dir = tempDir('ts-pyfunc-');
  mkdirSync(join(dir, 'code'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'code', 'ts_doubler.py'), LOADER);
  writeFileSync(join(dir, 'data', 'weights.json'), WEIGHTS);
  return dir;
}

async function logTsModel(client: MlflowClient, experimentId: string, runId: string, registered: string): Promise<LogModelResult> {
  return logModel(client, {
    name: 'doubler',
    localDir: tsModelFolder(),
    runId,
    step: 5,
    flavors: { python_function: { loader_module: 'ts_doubler', code: 'code', data: 'data', env: pythonFunctionEnv(), python_version: '3.11.7' } },
    inputExample: [{ x: 1.5, city: 'Paris' }, { x: 2, city: null }],
    pipRequirements: ['pandas'],
    pythonVersion: '3.11.7',
    params: { factor: 2 },
    tags: { origin: 'typescript' },
    registeredModelName: registered,
    registeredModelAliases: ['prod'],
    metadata: { source: 'kedro-mlflow-ts' },
  });
}

interface PythonView {
  info: { model_id: string; run_id: string; artifact_path: string; flavors: string[]; inputs: string; uuid: string };
  loaded: { model_id: string; metadata: Record<string, unknown> };
  files: string[];
  weights: string;
  logged: { status: string; params: Record<string, string>; tags: Record<string, string>; source_run_id: string };
  outputs: Array<[string, number]>;
  source: string;
  predictions: number[];
  enforced: string;
  example: Array<Record<string, unknown>>;
}

function readOursInPython(trackingUri: string, result: LogModelResult, registered: string, runId: string): string {
  const id = JSON.stringify(result.modelId);
  return `
import hashlib, json, os, mlflow, pandas as pd
from mlflow.models import Model
mlflow.set_tracking_uri(${JSON.stringify(trackingUri)})
c = mlflow.MlflowClient()
info = mlflow.models.get_model_info("models:/" + ${id})
m = Model.load("models:/" + ${id})
d = mlflow.artifacts.download_artifacts(f"models:/${registered}/1")
files = sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
lm = c.get_logged_model(${id})
run = c.get_run(${JSON.stringify(runId)})
mv = c.get_model_version(${JSON.stringify(registered)}, "1")
model = mlflow.pyfunc.load_model(f"models:/${registered}@prod")
preds = model.predict(pd.DataFrame({"x": [1.0, 2.5], "city": ["a", "b"]}))
try:
    model.predict(pd.DataFrame({"x": ["not a number"]}))
    enforced = "accepted"
except Exception as e:
    enforced = type(e).__name__
ex = m.load_input_example(d)
print(json.dumps({
  "info": {"model_id": info.model_id, "run_id": info.run_id, "artifact_path": info.artifact_path, "flavors": sorted(info.flavors), "inputs": info.signature.inputs.to_json(), "uuid": info.model_uuid},
  "loaded": {"model_id": m.model_id, "metadata": m.metadata},
  "files": files,
  "weights": hashlib.md5(open(os.path.join(d, "data", "weights.json"), "rb").read()).hexdigest(),
  "logged": {"status": str(lm.status), "params": lm.params, "tags": lm.tags, "source_run_id": lm.source_run_id},
  "outputs": [(o.model_id, o.step) for o in run.outputs.model_outputs],
  "source": mv.source,
  "predictions": [float(p) for p in preds],
  "enforced": enforced,
  "example": json.loads(ex.to_json(orient="records")),
}))
`;
}

function expectPythonReadsOurs(py: PythonView, result: LogModelResult, runId: string): void {
  expect(py.info).toEqual({ model_id: result.modelId, run_id: runId, artifact_path: result.artifactUri, flavors: ['python_function'], inputs: result.mlmodel.signature!.inputs, uuid: result.modelId });
  expect(py.loaded).toEqual({ model_id: result.modelId, metadata: { source: 'kedro-mlflow-ts' } });
  expect(py.files).toEqual(
    ['MLmodel', 'code/ts_doubler.py', 'conda.yaml', 'data/weights.json', 'input_example.json', 'python_env.yaml', 'registered_model_meta', 'requirements.txt', 'serving_input_example.json'],
  );
  expect(py.weights).toBe(createHash('md5').update(WEIGHTS).digest('hex'));
  expect(py.logged.status).toBe('READY');
  expect(py.logged.params).toEqual({ factor: '2' });
  expect(py.logged.tags).toMatchObject({ origin: 'typescript', 'mlflow.source.type': 'LOCAL' });
  expect(py.logged.source_run_id).toBe(runId);
  expect(py.outputs).toEqual([[result.modelId, 5]]);
  expect(py.source).toBe(`models:/${result.modelId}`);
  expect(py.predictions).toEqual([2, 5]);
  expect(py.enforced).toBe('MlflowException');
  expect(py.example).toEqual([{ x: 1.5, city: 'Paris' }, { x: 2, city: null }]);
}

const PY_LOGS = (trackingUri: string, experiment: string, registered: string): string => `
import hashlib, json, os, mlflow, pandas as pd
mlflow.set_tracking_uri(${JSON.stringify(trackingUri)})
mlflow.set_experiment(${JSON.stringify(experiment)})
class Echo(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input
with mlflow.start_run() as run:
    info = mlflow.pyfunc.log_model(name="pymodel", python_model=Echo(), input_example=pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), registered_model_name=${JSON.stringify(registered)})
c = mlflow.MlflowClient()
c.set_registered_model_alias(${JSON.stringify(registered)}, "prod", info.registered_model_version)
d = mlflow.artifacts.download_artifacts(info.model_uri)
print(json.dumps({
  "model_id": info.model_id, "run_id": run.info.run_id, "artifact_path": info.artifact_path,
  # registered_model_meta is written by Python's own download, not stored with the model.
  "files": sorted(f for f in os.listdir(d) if f != "registered_model_meta"),
  "md5": {f: hashlib.md5(open(os.path.join(d, f), "rb").read()).hexdigest() for f in os.listdir(d)},
}))
`;

interface PythonLogged {
  model_id: string;
  run_id: string;
  artifact_path: string;
  files: string[];
  md5: Record<string, string>;
}

async function expectWeReadPythons(client: MlflowClient, py: PythonLogged, registered: string): Promise<void> {
  const viaAlias = await downloadModel(client, `models:/${registered}@prod`);
  const viaId = await downloadModel(client, `models:/${py.model_id}`);
  // With a file store, Python's own download (in PY_LOGS) wrote registered_model_meta into the
  // stored model folder itself (the local repository hands out the stored folder): ignore it.
  const stored = (dir: string): string[] => listFiles(dir).filter((f) => f !== 'registered_model_meta');
  expect(stored(viaAlias)).toEqual(py.files);
  expect(stored(viaId)).toEqual(py.files);
  for (const f of py.files) {
    expect([f, md5(join(viaAlias, f))]).toEqual([f, py.md5[f]]);
    expect([f, md5(join(viaId, f))]).toEqual([f, py.md5[f]]);
  }
  const mlmodel = await readMLmodel(viaAlias);
  expect(mlmodel).toMatchObject({ modelId: py.model_id, modelUuid: py.model_id, runId: py.run_id, artifactPath: py.artifact_path });
  expect(mlmodel.flavors.python_function).toMatchObject({ loader_module: 'mlflow.pyfunc.model', python_model: 'python_model.pkl' });
  expect(await loadModelInfo(client, `runs:/${py.run_id}/pymodel`)).toEqual(mlmodel);
  expect((await resolveModelUri(client, `runs:/${py.run_id}/pymodel`)).modelId).toBe(py.model_id);
  expect(parseSignature(mlmodel.signature!).inputs).toEqual({
    type: 'columns',
    columns: [
      { name: 'a', type: 'long', required: true },
      { name: 'b', type: 'string', required: true },
    ],
  });
  expect(await loadInputExample(viaAlias, mlmodel.savedInputExampleInfo!)).toEqual([
    { a: 1, b: 'x' },
    { a: 2, b: 'y' },
  ]);
}

withMlflow('logged models interop with Python MLflow (server)', () => {
  let client: MlflowClient;
  let url: string;

  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, maxRetries: 2, backoffFactorMs: 50, backoffJitterMs: 0, env: {} });
  }, 120_000);
  afterAll(async () => client?.close());

  it('Python reads, downloads, loads and scores a model we logged', async () => {
    const experimentId = await client.createExperiment(uniqueName('ts-logs'));
    const runId = (await client.createRun(experimentId)).info.runId;
    const registered = uniqueName('ts-doubler');
    const result = await logTsModel(client, experimentId, runId, registered);
    const py = await runPythonJson<PythonView>(readOursInPython(url, result, registered, runId));
    expectPythonReadsOurs(py, result, runId);
  });

  it('we resolve and download a model Python logged, registered and aliased', async () => {
    const registered = uniqueName('py-echo');
    const py = await runPythonJson<PythonLogged>(PY_LOGS(url, uniqueName('py-logs'), registered));
    expect(py.files).toEqual(expect.arrayContaining(['MLmodel', 'python_model.pkl', 'input_example.json']));
    await expectWeReadPythons(client, py, registered);
  });
});

withMlflow('logged models interop with Python MLflow (mlruns folder)', () => {
  it('Python reads, downloads, loads and scores a model we logged into mlruns', async () => {
    const root = join(tempDir('interop-models-'), 'mlruns');
    const client = new MlflowClient({ trackingUri: root, env: {} });
    const experimentId = await client.createExperiment('ts-logs');
    const runId = (await client.createRun(experimentId)).info.runId;
    const registered = 'ts-doubler';
    const result = await logTsModel(client, experimentId, runId, registered);
    expect(result.artifactUri).toMatch(/^file:\/\/\//);
    const py = await runPythonJson<PythonView>(readOursInPython(root, result, registered, runId), { env: FILE_STORE_ENV });
    expectPythonReadsOurs(py, result, runId);
  });

  it('we resolve and download a model Python logged into mlruns', async () => {
    const root = join(tempDir('interop-models-py-'), 'mlruns');
    const py = await runPythonJson<PythonLogged>(PY_LOGS(root, 'py-logs', 'py-echo'), { env: FILE_STORE_ENV });
    await expectWeReadPythons(new MlflowClient({ trackingUri: root, env: {} }), py, 'py-echo');
  });
});

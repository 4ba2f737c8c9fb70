/**
 * Issue 9 end to end, with the built CLI only: a project made by `kedro-mlflow new` gets a
 * PipelineML (fixtures/run-then-serve: a least-squares line through four houses, price = 2.5 *
 * size + 38.75); `kedro-mlflow run` trains it and logs and registers the model, against a real
 * `mlflow server` and against the embedded mlruns store; then `kedro-mlflow serve -m <uri>` runs in
 * an empty folder with only MLFLOW_TRACKING_URI, and `/invocations` answers what `kedro-mlflow
 * predict -m <uri>` writes and what the training data implies. Nothing is left behind: not in the
 * empty folder, not in its TMPDIR (the downloaded model is removed when serve and predict stop).
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireMlflowVenv, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { cliAsync, newProject, removeDir, runDocument, tempDir } from './helpers.js';
import { postInvocation, spawnServeReady, type ServeProcess } from './serve-helpers.js';

jest.setTimeout(300_000);

const FIXTURE = join(__dirname, 'fixtures', 'run-then-serve');
const PACKAGES = join(__dirname, '..', '..');
const REGISTERED = 'house_prices';

/** Sizes to price, and what the line fitted to data/01_raw/houses.csv gives for them (2 decimals, the training value of round_to). */
const SIZES = [50, 100, 0.5, 20.5];
const PRICES = [163.75, 288.75, 40, 90];
/** The same with `params: {round_to: 0}`. */
const ROUNDED = [164, 289, 40, 90];

let work: string;
beforeAll(() => {
  requireMlflowVenv();
  work = tempDir('run-then-serve');
});
afterAll(() => removeDir(work));

/** `kedro-mlflow new` plus the fixture's pipeline, catalog, parameters and data; `mlflowYml` goes to conf/local. */
function housePricesProject(label: string, mlflowYml?: string): string {
  const parent = join(work, label);
  mkdirSync(parent);
  const project = newProject(parent, 'House Prices');
  cpSync(FIXTURE, project, { recursive: true });
  if (mlflowYml !== undefined) writeFileSync(join(project, 'conf', 'local', 'mlflow.yml'), mlflowYml);
  // An installed project has these in node_modules; the model's bundler resolves the project's imports there.
  mkdirSync(join(project, 'node_modules', '@kedro-mlflow'), { recursive: true });
  for (const pkg of ['core-pipeline', 'pipeline-ml', 'mlflow-client', 'datasets']) symlinkSync(join(PACKAGES, pkg), join(project, 'node_modules', '@kedro-mlflow', pkg), 'dir');
  return project;
}

interface Trained {
  runId: string;
  modelId: string;
  version: string;
}

/** `kedro-mlflow run --pipelines house_prices --json`; the registered version is read back with Python MLflow. */
async function train(project: string, trackingUri: string): Promise<Trained> {
  const res = await cliAsync(['run', '--pipelines', 'house_prices', '--json'], { cwd: project });
  const doc = runDocument(res) as ReturnType<typeof runDocument> & { mlflow: { runId: string } | null };
  expect([res.code, doc.status, doc.nodes.map((n) => [n.name, n.status])]).toEqual([
    0,
    'success',
    [
      ['split_features', 'completed'],
      ['fit_line', 'completed'],
    ],
  ]);
  const modelId = /Model 'price_model' of the PipelineML 'house_prices' logged with model_id '(m-[0-9a-f]+)'/.exec(res.stderr)?.[1];
  expect(modelId).toBeDefined();
  const runId = doc.mlflow!.runId;
  const registry = await runPythonJson<{ versions: Array<{ version: string | number; run_id: string; status: string }>; model_ids: string[] }>(
    [
      'import json, mlflow',
      `versions = mlflow.MlflowClient().search_model_versions("name='${REGISTERED}'")`,
      `run = mlflow.get_run(${JSON.stringify(runId)})`,
      'print(json.dumps({"versions": [{"version": v.version, "run_id": v.run_id, "status": v.status} for v in versions],',
      '                  "model_ids": [o.model_id for o in run.outputs.model_outputs]}))',
    ].join('\n'),
    { env: { MLFLOW_TRACKING_URI: trackingUri, MLFLOW_ALLOW_FILE_STORE: 'true' }, cwd: project },
  );
  const version = registry.versions.find((v) => v.run_id === runId);
  expect(version).toMatchObject({ status: 'READY' });
  expect(registry.model_ids).toEqual([modelId]);
  // Python's file store gives the version as a number, the REST store as a string.
  const number = String(version!.version);
  expect(res.stderr).toContain(`Registered model '${REGISTERED}': created version '${number}' (models:/${REGISTERED}/${number}).`);
  return { runId, modelId: modelId!, version: number };
}

/** A folder with nothing in it, its own TMPDIR (inside `work`, so it starts empty too) and the env of a CLI run outside any project. */
function emptyPlace(label: string, trackingUri: string): { cwd: string; tmp: string; env: Record<string, string | undefined> } {
  const cwd = join(work, `${label}-cwd`);
  const tmp = join(work, `${label}-tmp`);
  mkdirSync(cwd);
  mkdirSync(tmp);
  return { cwd, tmp, env: { MLFLOW_TRACKING_URI: trackingUri, KEDRO_ENV: undefined, HOME: cwd, TMPDIR: tmp } };
}

/** Starts `serve -m <uri>` in the empty place; resolves once /ping answers 200. */
const serve = (uri: string, place: ReturnType<typeof emptyPlace>, extra: string[] = []): Promise<ServeProcess> =>
  spawnServeReady(['-m', uri, '--port', '0', ...extra], place.cwd, place.env);

const modelFolders = (tmp: string): string[] => readdirSync(tmp).filter((name) => name.startsWith('kedro-pipeline-model-'));

/** Serves `uri`, compares /invocations with `predict -m <uri>` and the prices the training data implies; then checks nothing is left. */
async function serveAndPredict(uri: string, place: ReturnType<typeof emptyPlace>, extra: string[] = []): Promise<void> {
  const request = { dataframe_split: { columns: ['size'], data: SIZES.map((size) => [size]) } };
  const server = await serve(uri, place, extra);
  let served: unknown;
  try {
    served = await postInvocation(server.url, request);
    expect(served).toEqual({ status: 200, json: { predictions: PRICES } });
    // round_to is an inference parameter: its training value is the default, a request may override it.
    expect(await postInvocation(server.url, { ...request, params: { round_to: 0 } })).toEqual({ status: 200, json: { predictions: ROUNDED } });
    // The signature was inferred from the training features: size is required, price is no input.
    expect(await postInvocation(server.url, { dataframe_split: { columns: ['price'], data: [[1]] } })).toEqual({
      status: 400,
      json: { error_code: 'BAD_REQUEST', message: expect.stringContaining("'size'") },
    });
    // The model is in use: its download is in the serve's TMPDIR (one per worker).
    expect(modelFolders(place.tmp).length).toBeGreaterThan(0);
  } finally {
    expect(await server.stop()).toBe(0);
  }
  expect(modelFolders(place.tmp)).toEqual([]);

  const input = join(work, `request-${Date.now()}.json`);
  writeFileSync(input, JSON.stringify(request));
  const offline = await cliAsync(['predict', '-m', uri, '-i', input], { cwd: place.cwd, env: place.env });
  expect([offline.code, offline.stderr]).toEqual([0, expect.any(String)]);
  expect(JSON.parse(offline.stdout)).toEqual((served as { json: unknown }).json);
  expect(readdirSync(place.cwd)).toEqual([]);
  expect(modelFolders(place.tmp)).toEqual([]);
}

describe('kedro-mlflow run trains a PipelineML; kedro-mlflow serve and predict answer with its model from an empty folder', () => {
  it('a real MLflow server: serve -m models:/house_prices/<version> (the registered version of the run)', async () => {
    const { url } = await sharedMlflowServer();
    const project = housePricesProject('server', `server:\n  mlflow_tracking_uri: ${url}\ntracking:\n  experiment:\n    name: house_prices_e2e\n`);
    const { version } = await train(project, url);
    await serveAndPredict(`models:/${REGISTERED}/${version}`, emptyPlace('server', url));
  });

  it('the embedded mlruns store: serve -m runs:/<run>/price_model with two workers', async () => {
    const project = housePricesProject('mlruns');
    const trackingUri = pathToFileURL(join(project, 'mlruns')).href;
    const { runId, version } = await train(project, trackingUri);
    expect(version).toBe('1');
    await serveAndPredict(`runs:/${runId}/price_model`, emptyPlace('mlruns', trackingUri), ['--workers', '2']);
  });
});

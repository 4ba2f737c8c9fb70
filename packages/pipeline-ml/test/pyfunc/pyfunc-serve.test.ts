/**
 * MLflow's own tooling on our models through the python_function flavor: `mlflow models serve
 * --env-manager local` answers /invocations as our scoring server (what `kedro-mlflow serve` runs)
 * does, `mlflow models predict` writes the same predictions, and a model logged to a real MLflow
 * server loads in Python by `models:/name/1` and `models:/m-…`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { freePort, killGroup, mlflowAvailable, requireMlflowVenv, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { KedroPipelineModel, loadModel, logModel, startScoringServer, type ScoringServer } from '@kedro-mlflow/pipeline-ml';
import { tempDir } from '../model/model-helpers.js';
import { registerPipelines } from './fixtures/linear-pipelines.js';
import { asRows, LINEAR_MODULE, linearCatalog, PY_JSONABLE, ROWS, SPLIT, saveLinearModel } from './pyfunc-helpers.js';

jest.setTimeout(240_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;

const BODIES = {
  split: { dataframe_split: SPLIT },
  params: { dataframe_split: SPLIT, params: { scale: 3, shout: true } },
  records: { dataframe_records: ROWS.map(({ label, n, x }) => ({ label, n, x })) },
};

/** MLflow starts uvicorn by name: the venv's bin first on PATH. */
const venvEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PYTHONWARNINGS: 'ignore', PATH: `${dirname(requireMlflowVenv().python)}:${process.env.PATH ?? ''}` });

async function invoke(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

async function waitForPing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mlflow models serve exited (${child.exitCode}):\n${log()}`);
    const ok = await fetch(`${url}/ping`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

withMlflow('mlflow models serve and mlflow models predict of the table model', () => {
  let dir: string;
  let child: ChildProcess;
  let theirs: string;
  let ours: ScoringServer;
  let stderr = '';

  beforeAll(async () => {
    dir = await saveLinearModel('table');
    const venv = requireMlflowVenv();
    const port = await freePort();
    theirs = `http://127.0.0.1:${port}`;
    child = spawn(venv.mlflow, ['models', 'serve', '-m', dir, '--env-manager', 'local', '-h', '127.0.0.1', '-p', String(port)], {
      env: { ...venvEnv(), MLFLOW_TRACKING_URI: join(tempDir('kpm-pyfunc-mlruns-'), 'mlruns') },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-5000)));
    ours = await startScoringServer({ load: () => loadModel(dir), port: 0, host: '127.0.0.1' });
    await ours.ready;
    await waitForPing(theirs, child, () => stderr);
  });

  afterAll(async () => {
    killGroup(child?.pid);
    await ours?.close();
  });

  it.each(Object.keys(BODIES) as Array<keyof typeof BODIES>)('/invocations (%s): the same predictions as our scoring server', async (name) => {
    const [python, node] = await Promise.all([invoke(theirs, BODIES[name]), invoke(ours.url, BODIES[name])]);
    expect(python).toEqual({ status: 200, json: node.json });
    expect(node.status).toBe(200);
    expect((python.json as { predictions: unknown[] }).predictions).toHaveLength(ROWS.length);
  });

  it('the params reach the model through MLflow', async () => {
    const { json } = await invoke(theirs, BODIES.params);
    expect((json as { predictions: unknown[] }).predictions[0]).toEqual({ score: 11, label: 'A' });
  });

  it('mlflow models predict -i in.json -o out.json writes the same predictions', async () => {
    const work = tempDir('kpm-pyfunc-predict-');
    const input = join(work, 'in.json');
    const output = join(work, 'out.json');
    writeFileSync(input, JSON.stringify(BODIES.params));
    const code = await new Promise<number | null>((resolve) => {
      const run = spawn(requireMlflowVenv().mlflow, ['models', 'predict', '-m', dir, '-i', input, '-o', output, '--content-type', 'json', '--env-manager', 'local'], {
        env: venvEnv(),
        stdio: 'ignore',
      });
      run.once('exit', resolve);
    });
    expect(code).toBe(0);
    const node = await invoke(ours.url, BODIES.params);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(node.json);
  });
});

withMlflow('a model logged to a real MLflow server', () => {
  let client: MlflowClient;
  let url: string;
  let modelUri: string;
  const name = `kpm-pyfunc-${Date.now().toString(36)}-${process.pid}`;

  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, env: {} });
    const experimentId = await client.createExperiment(`${name}-experiment`);
    const runId = (await client.createRun(experimentId)).info.runId;
    const kpm = new KedroPipelineModel({
      pipeline: registerPipelines().rows!,
      catalog: await linearCatalog(),
      inputName: 'data',
      code: { module: LINEAR_MODULE, exportName: 'registerPipelines', pipelineName: 'rows' },
    });
    ({ modelUri } = await logModel(kpm, { client, runId, name: 'scorer', registeredModelName: name, inputExample: ROWS }));
    await client.setTerminated(runId);
  });

  afterAll(async () => {
    await client.close();
  });

  it('mlflow.pyfunc.load_model by models:/name/1 and models:/m-… predicts as loadModel does', async () => {
    const uris = [`models:/${name}/1`, modelUri];
    const python = await runPythonJson<Array<{ rows: unknown }>>(
      [
        PY_JSONABLE,
        'import mlflow.pyfunc',
        `df = pd.DataFrame(${JSON.stringify(SPLIT.data)}, columns=${JSON.stringify(SPLIT.columns)})`,
        `print(json.dumps([jsonable(mlflow.pyfunc.load_model(u).predict(df, params={"scale": 3})) for u in ${JSON.stringify(uris)}]))`,
      ].join('\n'),
      { env: { MLFLOW_TRACKING_URI: url } },
    );
    const ours = await loadModel(`models:/${name}/1`, { client, dstDir: tempDir('kpm-pyfunc-download-') });
    const { table } = await import('arquero');
    const expected = asRows(await ours.predict(table({ x: ROWS.map((r) => r.x), n: ROWS.map((r) => r.n), label: ROWS.map((r) => r.label) }), { scale: 3 }));
    expect(python.map((p) => p.rows)).toEqual([expected, expected]);
  });
});

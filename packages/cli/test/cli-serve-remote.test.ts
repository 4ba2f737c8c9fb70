/**
 * `kedro-mlflow serve` and `predict` on models logged to a real MLflow server, run from an empty
 * temporary folder (no project, no node_modules) with only MLFLOW_TRACKING_URI set: the model URI
 * forms models:/name/version, models:/name@alias, runs:/<run>/<name> and models:/m-… are resolved
 * and downloaded by the CLI itself, and the bundled pipeline answers.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireMlflowVenv, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { logModel } from '@kedro-mlflow/pipeline-ml';
import { cliAsync, ensureBuilt } from './helpers.js';
import { postInvocation as post, scoringModel, spawnServeReady, type ServeProcess } from './serve-helpers.js';

jest.setTimeout(180_000);

const work = mkdtempSync(join(tmpdir(), 'cli-serve-remote-'));
const empty = mkdtempSync(join(tmpdir(), 'cli-serve-remote-cwd-'));
const name = `served-${Date.now().toString(36)}-${process.pid}`;
let trackingUri: string;
let runId: string;
let modelId: string;
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

beforeAll(async () => {
  ensureBuilt();
  requireMlflowVenv();
  trackingUri = (await sharedMlflowServer()).url;
  // The run is made by Python MLflow; the model is logged by pipeline-ml's logModel into it.
  runId = (
    await runPythonJson<{ run_id: string }>(
      [
        'import json, mlflow',
        `mlflow.set_experiment(${JSON.stringify(name)})`,
        'with mlflow.start_run() as run: pass',
        'print(json.dumps({"run_id": run.info.run_id}))',
      ].join('\n'),
      { env: { MLFLOW_TRACKING_URI: trackingUri } },
    )
  ).run_id;
  const kpm = await scoringModel(work);
  const previous = process.env.MLFLOW_TRACKING_URI;
  process.env.MLFLOW_TRACKING_URI = trackingUri;
  try {
    const logged = await logModel(kpm, { runId, name: 'scorer', registeredModelName: name, registeredModelAliases: ['champion'], inputExample: [{ x: 1.5, n: 2 }] });
    modelId = logged.modelId;
  } finally {
    if (previous === undefined) delete process.env.MLFLOW_TRACKING_URI;
    else process.env.MLFLOW_TRACKING_URI = previous;
  }
});

/** The environment of a CLI run outside any project: the server's URI and nothing of the repository's. */
const remoteEnv = (): Record<string, string | undefined> => ({ MLFLOW_TRACKING_URI: trackingUri, KEDRO_ENV: undefined, HOME: empty });

/** Starts `serve -m <uri>` in the empty folder; resolves once /ping answers 200. */
const serve = (uri: string, extra: string[] = []): Promise<ServeProcess> => spawnServeReady(['-m', uri, '--port', '0', ...extra], empty, remoteEnv());

describe('serve and predict a model from a real MLflow server, in an empty folder', () => {
  it.each([
    ['a registered version', () => `models:/${name}/1`, []],
    ['an alias, with two workers', () => `models:/${name}@champion`, ['--workers', '2']],
  ] as Array<[string, () => string, string[]]>)('serve -m <%s> answers with the pipeline predictions', async (_label, uri, extra) => {
    const server = await serve(uri(), extra);
    try {
      for (let i = 0; i < 4; i++) {
        expect(await post(server.url, { dataframe_split: { columns: ['x', 'n'], data: [[2, 1], [i, 0]] } })).toEqual({ status: 200, json: { predictions: [7, 3 * i] } });
      }
      expect(await post(server.url, { dataframe_records: [{ n: 1 }] })).toEqual({ status: 400, json: { error_code: 'BAD_REQUEST', message: expect.stringContaining("'x'") } });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // The CLI downloads into its own temporary folder: nothing lands where it runs.
    expect(readdirSync(empty)).toEqual([]);
  });

  it.each([
    ['runs:/<run>/scorer', () => `runs:/${runId}/scorer`],
    ['models:/m-…', () => `models:/${modelId}`],
  ] as Array<[string, () => string]>)('predict -m %s -i in.json -o out.json writes the predictions', async (_label, uri) => {
    const input = join(work, 'in.json');
    const output = join(work, `out-${Date.now()}.json`);
    writeFileSync(input, JSON.stringify({ dataframe_records: [{ x: 1, n: 1 }, { x: 2.5, n: 0 }] }));
    const res = await cliAsync(['predict', '-m', uri(), '-i', input, '-o', output], { cwd: empty, env: remoteEnv() });
    expect([res.code, res.stderr]).toEqual([0, expect.any(String)]);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual({ predictions: [4, 7.5] });
    expect(readdirSync(empty)).toEqual([]);
  });

  it('a version or alias the registry does not have: exit 1, naming the model, without a stack trace', async () => {
    const input = join(work, 'one.json');
    writeFileSync(input, JSON.stringify({ dataframe_records: [{ x: 1, n: 1 }] }));
    const [version, alias] = await Promise.all([
      cliAsync(['predict', '-m', `models:/${name}/7`, '-i', input], { cwd: empty, env: remoteEnv() }),
      cliAsync(['predict', '-m', `models:/${name}@nobody`, '-i', input], { cwd: empty, env: remoteEnv() }),
    ]);
    for (const res of [version, alias]) {
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(name);
      expect(res.stderr).not.toMatch(/^\s+at /m);
    }
    expect(version.stderr).toContain(`registered model '${name}' has no version 7`);
    expect(alias.stderr).toContain(`registered model '${name}' has no alias 'nobody'`);
  });
});

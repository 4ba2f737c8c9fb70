/**
 * Who removes a downloaded model's temporary folder: the loaded model (close()), the process exit
 * when close() never came, the scoring server on SIGTERM (each worker its own), and the server's
 * primary for a worker killed outright. The model is logged to an embedded mlruns store. Child
 * processes get a TMPDIR of the test's own, so "nothing left" is checked exactly there (jest's
 * sandbox cannot move os.tmpdir() of this process).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MlflowModelLocalFileSystemDataset } from '@kedro-mlflow/datasets';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { KedroPipelineModelError, loadModel, logModel, saveModel, type LoadedPipelineModel } from '@kedro-mlflow/pipeline-ml';
import { invoke, startServerProcess, type ServerProcess } from '../serving/server-process.js';
import { artifactCatalog, fixtureModel, tempDir } from './model-helpers.js';

jest.setTimeout(120_000);

const TSX = createRequire(__filename).resolve('tsx');
let trackingUri: string;
let client: MlflowClient;
let runUri: string;
let localModel: string;
let dstDir: string;
let tmp: string;

beforeAll(async () => {
  trackingUri = join(tempDir('kpm-owned-store-'), 'mlruns');
  client = new MlflowClient({ trackingUri, env: {} });
  const runId = (await client.createRun(await client.createExperiment('owned-folders'))).info.runId;
  const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }));
  await logModel(kpm, { client, runId, name: 'doubler', registeredModelName: 'doubler' });
  runUri = `runs:/${runId}/doubler`;
  localModel = join(tempDir('kpm-owned-local-'), 'model');
  dstDir = tempDir('kpm-owned-dst-');
  await saveModel(kpm, localModel);
});
afterAll(() => client.close());
// The TMPDIR of the child processes; each test starts with a new, empty one.
beforeEach(() => {
  tmp = tempDir('kpm-owned-tmp-');
});

/** The model folders in the children's TMPDIR (tsx keeps its cache there too). */
const modelFolders = (): string[] => readdirSync(tmp).filter((name) => name.startsWith('kedro-pipeline-model-'));

/** Runs fixtures/load-and-exit.ts on `uri` with TMPDIR = tmp. */
async function loadAndExit(uri: string): Promise<{ code: number | null; report: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', TSX, '--conditions=@kedro-mlflow/source', join(__dirname, 'fixtures', 'load-and-exit.ts')], {
    env: { ...process.env, MODEL_URI: uri, MLFLOW_TRACKING_URI: trackingUri, TMPDIR: tmp, KEDRO_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, report: JSON.parse(stdout) as Record<string, unknown> };
}

describe('loadModel: the model owns the folder it downloaded', () => {
  it.each([
    ['runs:/…', () => runUri],
    ['models:/name/1', () => 'models:/doubler/1'],
  ])('%s: close() removes the download folder; predict afterwards is a closed error', async (_label, uri) => {
    const model = await loadModel(uri(), { client });
    const dir = model.metadata.downloadDir!;
    expect(dirname(dir)).toBe(tmpdir());
    expect(existsSync(join(model.metadata.modelDir, 'MLmodel'))).toBe(true);
    expect(model.metadata.modelDir.startsWith(dir)).toBe(true);
    expect(await model.predict(3)).toBe(6);
    await model.close();
    expect(existsSync(dir)).toBe(false);
    const error = await model.predict(3).catch((e: unknown) => e);
    expect(KedroPipelineModelError.isInstance(error) && error.kind).toBe('closed');
    await expect(model.close()).resolves.toBeUndefined();
  });

  it("a dstDir the caller gave, and a local folder, are the caller's: close() leaves them", async () => {
    const downloaded = await loadModel(runUri, { client, dstDir });
    const local = await loadModel(localModel);
    for (const model of [downloaded, local]) {
      expect(model.metadata.downloadDir).toBeUndefined();
      await model.close();
      expect(existsSync(join(model.metadata.modelDir, 'MLmodel'))).toBe(true);
    }
    expect(downloaded.metadata.modelDir.startsWith(dstDir)).toBe(true);
  });

  it.each([
    ['a version the registry lacks', 'models:/doubler/9', 'ModelNotFoundError'],
    ['a run path that holds no model', 'runs:/0123456789abcdef0123456789abcdef/doubler', 'ModelNotFoundError'],
  ])('a load that fails (%s) leaves no folder behind', async (_label, uri, errorName) => {
    expect(await loadAndExit(uri)).toEqual({ code: 2, report: { error: errorName } });
    expect(modelFolders()).toEqual([]);
  });

  it("the kedro_pipeline flavor's copy (what the model datasets load) is owned the same way", async () => {
    const model = (await new MlflowModelLocalFileSystemDataset<unknown>({ filepath: localModel, flavor: 'kedro_pipeline' }).load()) as LoadedPipelineModel;
    const dir = model.metadata.downloadDir!;
    expect(existsSync(join(dir, 'MLmodel'))).toBe(true);
    expect(await model.predict(4)).toBe(8);
    await model.close();
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(localModel, 'MLmodel'))).toBe(true);
  });

  it('a process that exits without close() leaves nothing: the exit hook removes the folder', async () => {
    const { code, report } = await loadAndExit(runUri);
    expect([code, report]).toEqual([0, { dir: expect.stringContaining(tmp), loaded: true, prediction: 6 }]);
    expect(existsSync(report.dir as string)).toBe(false);
    expect(modelFolders()).toEqual([]);
  });
});

describe('the scoring server removes the download folders it loaded', () => {
  const started: ServerProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });

  async function serve(workers: number): Promise<ServerProcess> {
    const server = await startServerProcess({ workers }, { MODEL_URI: runUri, MLFLOW_TRACKING_URI: trackingUri, TMPDIR: tmp });
    started.push(server);
    return server;
  }

  /** The download folder of each worker that logged 'scoring worker ready' so far, by pid. */
  const readyFolders = (server: ServerProcess): Map<number, string> =>
    new Map(server.logs.filter((l) => l.msg === 'scoring worker ready').map((l) => [l.pid as number, l.downloadDir as string]));

  async function until(check: () => boolean): Promise<void> {
    while (!check()) await new Promise((r) => setTimeout(r, 50));
  }

  it('SIGTERM of a one-process server: the model is closed and its folder removed', async () => {
    const server = await serve(1);
    await until(() => readyFolders(server).size === 1);
    const [dir] = readyFolders(server).values();
    expect(modelFolders()).toEqual([dir!.slice(tmp.length + 1)]);
    expect(await invoke(server.url, JSON.stringify({ inputs: 5 }))).toMatchObject({ status: 200, json: { predictions: 10 } });
    expect(await server.stop()).toBe(0);
    expect(modelFolders()).toEqual([]);
  });

  it('with workers: a worker killed outright has its folder removed by the primary; SIGTERM removes the others', async () => {
    const server = await serve(2);
    await until(() => readyFolders(server).size === 2);
    const folders = readyFolders(server);
    expect(new Set(folders.values()).size).toBe(2);
    const [victim, victimDir] = [...folders][0]!;
    process.kill(victim, 'SIGKILL');
    await until(() => readyFolders(server).size === 3);
    expect(existsSync(victimDir)).toBe(false);
    expect(modelFolders()).toHaveLength(2);
    expect(await invoke(server.url, JSON.stringify({ inputs: 1.5 }))).toMatchObject({ status: 200, json: { predictions: 3 } });
    expect(await server.stop()).toBe(0);
    expect(modelFolders()).toEqual([]);
  });

});

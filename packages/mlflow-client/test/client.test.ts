import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../src/store/file/file-store.js';
import { freePort, mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { MlflowApiError, MlflowClient, MlflowConnectionError, RestStore, UnsupportedUriError } from '@kedro-mlflow/mlflow-client';
import { apiError, uniqueName } from './contract/helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

describe('MlflowClient store selection', () => {
  it('explicit URI > MLFLOW_TRACKING_URI > ./mlruns; http → RestStore, paths → FileStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-uri-'));
    try {
      const http = new MlflowClient({ trackingUri: 'http://127.0.0.1:1', env: { MLFLOW_TRACKING_URI: join(dir, 'ignored') } });
      expect(http.trackingStore).toBeInstanceOf(RestStore);
      expect(http.registryStore).toBe(http.trackingStore);
      const fromEnv = new MlflowClient({ env: { MLFLOW_TRACKING_URI: `file://${dir}/mlruns` } });
      expect(fromEnv.trackingStore).toBeInstanceOf(FileStore);
      expect(fromEnv.trackingUri).toBe(`file://${dir}/mlruns`);
      const split = new MlflowClient({ trackingUri: join(dir, 'mlruns'), env: { MLFLOW_REGISTRY_URI: 'http://127.0.0.1:1' } });
      expect(split.trackingStore).toBeInstanceOf(FileStore);
      expect(split.registryStore).toBeInstanceOf(RestStore);
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const fallback = new MlflowClient({ env: {} });
        expect(fallback.trackingUri).toBe(join(process.cwd(), 'mlruns'));
        expect(fallback.trackingStore).toBeInstanceOf(FileStore);
      } finally {
        process.chdir(cwd);
      }
      await Promise.all([http.close(), fromEnv.close(), split.close()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works the same on an mlruns folder (FileStore + local artifacts)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-file-'));
    try {
      const client = new MlflowClient({ trackingUri: join(dir, 'mlruns'), env: {} });
      const expId = await client.createExperiment('local');
      const run = await client.createRun(expId, { runName: 'offline' });
      await client.logBatch(run.info.runId, { metrics: Array.from({ length: 1500 }, (_, step) => ({ key: 'm', value: step, step })), params: { a: 1 } });
      await client.logText(run.info.runId, 'local text', 'notes/n.txt');
      expect((await client.getMetricHistory(run.info.runId, 'm')).length).toBe(1500);
      expect(await client.listArtifacts(run.info.runId, 'notes')).toEqual([{ path: 'notes/n.txt', isDir: false, fileSize: 10 }]);
      const local = await client.downloadArtifacts(run.info.runId, 'notes/n.txt', join(dir, 'out'));
      expect(readFileSync(local, 'utf8')).toBe('local text');
      expect(run.info.artifactUri).toMatch(/^file:\/\//);
      await client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unsupported tracking URIs with a hint', () => {
    expect(() => new MlflowClient({ trackingUri: 'postgresql://db/mlflow', env: {} })).toThrow(UnsupportedUriError);
  });

  it('validates input before any request', async () => {
    // Nothing listens on this port: a request would end in a connection error, not a validation error.
    const client = new MlflowClient({ trackingUri: `http://127.0.0.1:${await freePort()}`, maxRetries: 0, env: {} });
    const run = '0123456789abcdef0123456789abcdef';
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [client.logMetric(run, 'bad!key', 1), /Invalid metric name/],
      [client.logMetric(run, 'k', Number('x') as unknown as number, { step: 1.5 }), /step/],
      [client.logMetric(run, 'k', 'one' as unknown as number), /Please specify value as a number/],
      [client.logParam(run, '../escape', 1), /Invalid param name/],
      [client.setTag(run, '', 'v'), /Invalid tag name/],
      [client.getRun('not a run id!'), /Invalid run ID/],
      [client.createExperiment(''), /Invalid experiment name/],
      [client.setRegisteredModelAlias('m', 'latest', 1), /Invalid alias/],
      [client.logBatch(run, { params: [{ key: 'p', value: 1 }, { key: 'p', value: 2 }] }), /given twice/],
      [client.logArtifact(run, '/etc/hosts', '../up'), /Invalid artifact path/],
      [client.createLoggedModel('1', { name: 'a/b' }), /Invalid model name/],
    ];
    for (const [promise, message] of cases) {
      const error = await apiError(promise);
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      expect(error.message).toMatch(message);
      expect(error.endpoint).toBeUndefined();
    }
    await client.close();
  });
});

withMlflow('MlflowClient against a real MLflow server', () => {
  let client: MlflowClient;
  let experimentId: string;

  beforeAll(async () => {
    const { url } = await sharedMlflowServer();
    client = new MlflowClient({ trackingUri: url, maxRetries: 2, backoffFactorMs: 50, backoffJitterMs: 10, env: {} });
    experimentId = await client.createExperiment(uniqueName('client'), { tags: { purpose: 'tests' } });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
  });

  it('runs a whole run: create, log, terminate, read back', async () => {
    const run = await client.createRun(experimentId, { runName: 'full', tags: { 'mlflow.user': 'tester', team: 'x' } });
    const runId = run.info.runId;
    expect(run.info.userId).toBe('tester');
    await client.logParam(runId, 'lr', 0.01);
    await client.logParam(runId, 'flag', true);
    await client.setTag(runId, 'obj', { a: 1 });
    await client.logMetric(runId, 'loss', 0.5, { step: 1, timestamp: 1000 });
    await client.logMetric(runId, 'loss', 0.25, { step: 2 });
    const ended = await client.setTerminated(runId);
    expect(ended.status).toBe('FINISHED');
    expect(ended.endTime).toBeGreaterThanOrEqual(run.info.startTime!);
    const read = await client.getRun(runId);
    expect(read.data.params).toEqual({ lr: '0.01', flag: 'true' });
    expect(read.data.tags).toMatchObject({ obj: '{"a":1}', team: 'x', 'mlflow.user': 'tester' });
    expect(read.data.metrics.loss).toBe(0.25);
    const history = await client.getMetricHistory(runId, 'loss');
    expect(history.map((m) => [m.step, m.value])).toEqual([
      [1, 0.5],
      [2, 0.25],
    ]);
    expect(history[0]!.timestamp).toBe(1000);
    const found = await client.searchRuns(experimentId, { filter: `attributes.run_name = 'full'` });
    expect(found.items.map((r) => r.info.runId)).toEqual([runId]);
  });

  it('splits one logBatch of 2,500 metrics, 150 params and 120 tags into requests that all land', async () => {
    const run = await client.createRun(experimentId);
    const runId = run.info.runId;
    const metrics = Array.from({ length: 2500 }, (_, i) => ({ key: i % 2 === 0 ? 'even' : 'odd', value: i, step: i, timestamp: 1_000_000 + i }));
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i]));
    const tags = Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, value: `v${i}` }));
    await client.logBatch(runId, { metrics, params, tags });
    const read = await client.getRun(runId);
    expect(Object.keys(read.data.params)).toHaveLength(150);
    expect(read.data.params.p149).toBe('149');
    expect(Object.keys(read.data.tags).filter((k) => /^t\d+$/.test(k))).toHaveLength(120);
    const even = await client.getMetricHistory(runId, 'even');
    const odd = await client.getMetricHistory(runId, 'odd');
    expect(even).toHaveLength(1250);
    expect(odd).toHaveLength(1250);
    expect([...even, ...odd].map((m) => m.step).sort((a, b) => a - b)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  }, 60_000);

  it('truncates long param values by default, rejects them with MLFLOW_TRUNCATE_LONG_VALUES=false', async () => {
    const run = await client.createRun(experimentId);
    const runId = run.info.runId;
    const stored = await client.logParam(runId, 'long', 'x'.repeat(7000));
    expect(stored).toHaveLength(6000);
    expect((await client.getRun(runId)).data.params.long).toHaveLength(6000);
    const previous = process.env.MLFLOW_TRUNCATE_LONG_VALUES;
    process.env.MLFLOW_TRUNCATE_LONG_VALUES = 'false';
    try {
      const error = await apiError(client.logParam(runId, 'long2', 'y'.repeat(6001)));
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      expect(error.message).toMatch(/limit is 6000/);
      expect(await apiError(client.setTag(runId, 'tag', 'z'.repeat(8001)))).toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
    } finally {
      if (previous === undefined) delete process.env.MLFLOW_TRUNCATE_LONG_VALUES;
      else process.env.MLFLOW_TRUNCATE_LONG_VALUES = previous;
    }
    expect((await client.getRun(runId)).data.params).not.toHaveProperty('long2');
  });

  it('answers an unknown run id and a changed param with MLflow’s codes and the endpoint', async () => {
    const error = await apiError(client.getRun('fedcba9876543210fedcba9876543210'));
    expect(error).toMatchObject({ errorCode: 'RESOURCE_DOES_NOT_EXIST', status: 404, endpoint: 'GET /api/2.0/mlflow/runs/get' });
    const logError = await apiError(client.logMetric('fedcba9876543210fedcba9876543210', 'm', 1));
    expect(logError.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    const run = await client.createRun(experimentId);
    await client.logParam(run.info.runId, 'p', 'a');
    expect(await apiError(client.logParam(run.info.runId, 'p', 'b'))).toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE', status: 400 });
    expect(MlflowConnectionError.isInstance(error)).toBe(false);
    expect(MlflowApiError.isNotFound(error)).toBe(true);
  });

  it('returns undefined for an unknown experiment name, pages runs and reads everything', async () => {
    expect(await client.getExperimentByName(uniqueName('nothing'))).toBeUndefined();
    const expId = await client.createExperiment(uniqueName('paging'));
    for (let i = 0; i < 3; i += 1) await client.createRun(expId, { runName: `r${i}` });
    const first = await client.searchRuns([expId], { maxResults: 2 });
    expect(first.items).toHaveLength(2);
    const second = await client.searchRuns([expId], { maxResults: 2, pageToken: first.nextPageToken! });
    expect(second.items).toHaveLength(1);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('registers a logged model from a run and serves it by alias', async () => {
    const run = await client.createRun(experimentId);
    const model = await client.createLoggedModel(experimentId, { name: 'clf', sourceRunId: run.info.runId, params: { depth: 3 } });
    await client.logOutputs(run.info.runId, [{ modelId: model.modelId, step: 0 }]);
    await client.finalizeLoggedModel(model.modelId);
    const name = uniqueName('registered');
    await client.createRegisteredModel(name);
    const version = await client.createModelVersion(name, `models:/${model.modelId}`, { runId: run.info.runId, modelId: model.modelId });
    expect(version).toMatchObject({ version: '1', status: 'READY', source: `models:/${model.modelId}`, runId: run.info.runId });
    await client.setRegisteredModelAlias(name, 'champion', 1);
    expect((await client.getModelVersionByAlias(name, 'champion')).source).toBe(`models:/${model.modelId}`);
    const registered = await client.getLoggedModel(model.modelId);
    expect(registered.registrations).toEqual([{ name, version: '1' }]);
    expect(registered.params).toEqual({ depth: '3' });
    const found = await client.searchLoggedModels(experimentId, { filter: `name = 'clf'` });
    expect(found.items.map((m) => m.modelId)).toContain(model.modelId);
    await client.deleteRegisteredModel(name);
    expect(MlflowApiError.isNotFound(await apiError(client.getRegisteredModel(name)))).toBe(true);
  });
});

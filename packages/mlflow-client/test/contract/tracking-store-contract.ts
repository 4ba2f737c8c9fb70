/**
 * The behaviour every `TrackingStore & RegistryStore` must have, whatever keeps the data (a real
 * MLflow server through `RestStore`, an `mlruns` folder through `FileStore`). Store-independent:
 * no HTTP specifics; where MLflow's own backends legitimately differ (the SQL store clamps ±Infinity
 * to ±Number.MAX_VALUE), both outcomes are accepted.
 *
 *   defineTrackingStoreContract('RestStore', async () => new RestStore(url));
 */
import { MlflowApiError, type Metric } from '@kedro-mlflow/mlflow-client';
import { allPages, apiError, isNegativeInfinity, isPositiveInfinity, uniqueName, type ContractStore } from './helpers.js';
import { loggedModelContract } from './logged-model-contract.js';
import { registryContract } from './registry-contract.js';

export * from './helpers.js';

export interface ContractOptions {
  /** Per-test timeout, ms (default 60 s). */
  timeoutMs?: number;
}

export function defineTrackingStoreContract(name: string, makeStore: () => Promise<ContractStore>, options: ContractOptions = {}): void {
  const timeout = options.timeoutMs ?? 60_000;
  describe(`TrackingStore contract: ${name}`, () => {
    let store: ContractStore;
    let experimentId: string;

    beforeAll(async () => {
      store = await makeStore();
      experimentId = await store.createExperiment(uniqueName('contract'));
    }, 120_000);

    const newRun = async (extra: { runName?: string; tags?: Record<string, string>; startTime?: number } = {}) => store.createRun({ experimentId, ...extra });

    describe('experiments', () => {
      it('creates, reads by id and by name, with tags', async () => {
        const expName = uniqueName('exp');
        const id = await store.createExperiment(expName, { tags: { team: 'ml', 'mlflow.note.content': 'hello' } });
        expect(id).toMatch(/^[a-zA-Z0-9][\w-]*$/);
        const byId = await store.getExperiment(id);
        expect(byId).toMatchObject({ experimentId: id, name: expName, lifecycleStage: 'active', tags: { team: 'ml', 'mlflow.note.content': 'hello' } });
        expect(byId.artifactLocation).not.toBe('');
        expect(typeof byId.creationTime).toBe('number');
        const byName = await store.getExperimentByName(expName);
        expect(byName?.experimentId).toBe(id);
        expect(await store.getExperimentByName(uniqueName('missing'))).toBeUndefined();
      }, timeout);

      it('refuses a duplicate name and an unknown id with MLflow codes', async () => {
        const expName = uniqueName('dup');
        await store.createExperiment(expName);
        expect((await apiError(store.createExperiment(expName))).errorCode).toBe('RESOURCE_ALREADY_EXISTS');
        expect((await apiError(store.getExperiment('9999999999999'))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      }, timeout);

      it('renames, sets and deletes tags', async () => {
        const id = await store.createExperiment(uniqueName('ren'));
        const newName = uniqueName('renamed');
        await store.renameExperiment(id, newName);
        await store.setExperimentTag(id, 'k', 'v1');
        await store.setExperimentTag(id, 'k', 'v2');
        await store.setExperimentTag(id, 'gone', 'x');
        await store.deleteExperimentTag(id, 'gone');
        const exp = await store.getExperiment(id);
        expect(exp.name).toBe(newName);
        expect(exp.tags).toEqual(expect.objectContaining({ k: 'v2' }));
        expect(exp.tags).not.toHaveProperty('gone');
      }, timeout);

      it('deletes softly, hides from active searches, restores', async () => {
        const expName = uniqueName('del');
        const id = await store.createExperiment(expName);
        await store.deleteExperiment(id);
        expect((await store.getExperiment(id)).lifecycleStage).toBe('deleted');
        const filter = `name = '${expName}'`;
        expect((await store.searchExperiments({ filter })).items).toHaveLength(0);
        expect((await store.searchExperiments({ filter, viewType: 'DELETED_ONLY' })).items.map((e) => e.experimentId)).toEqual([id]);
        expect((await store.searchExperiments({ filter, viewType: 'ALL' })).items).toHaveLength(1);
        await store.restoreExperiment(id);
        expect((await store.getExperiment(id)).lifecycleStage).toBe('active');
        expect((await store.searchExperiments({ filter })).items.map((e) => e.experimentId)).toEqual([id]);
      }, timeout);

      it('pages through experiment searches', async () => {
        const prefix = uniqueName('pg');
        const ids = [];
        for (let i = 0; i < 5; i += 1) ids.push(await store.createExperiment(`${prefix}-${i}`));
        const { items, pages } = await allPages((pageToken) => store.searchExperiments({ filter: `name LIKE '${prefix}-%'`, maxResults: 2, ...(pageToken ? { pageToken } : {}) }));
        expect(pages).toBeGreaterThanOrEqual(3);
        expect(items.map((e) => e.experimentId).sort()).toEqual([...ids].sort());
      }, timeout);
    });

    describe('runs', () => {
      it('creates a run with a name, tags and start time', async () => {
        const run = await newRun({ runName: 'my-run', tags: { a: '1' }, startTime: 1_700_000_000_000 });
        expect(run.info).toMatchObject({ runName: 'my-run', experimentId, status: 'RUNNING', lifecycleStage: 'active', startTime: 1_700_000_000_000 });
        expect(run.info.runId).toMatch(/^[a-zA-Z0-9][\w-]*$/);
        expect(run.info.artifactUri).toContain(run.info.runId);
        expect(run.data.tags).toMatchObject({ a: '1', 'mlflow.runName': 'my-run' });
        const again = await store.getRun(run.info.runId);
        expect(again.info).toEqual(run.info);
        expect(again.data.params).toEqual({});
        expect(again.data.metrics).toEqual({});
        expect(again.inputs).toEqual({ datasetInputs: [], modelInputs: [] });
      }, timeout);

      it('gives a generated name to an unnamed run', async () => {
        const run = await newRun();
        expect(run.info.runName).not.toBe('');
        expect(run.data.tags['mlflow.runName']).toBe(run.info.runName);
      }, timeout);

      it('updates status, end time and name', async () => {
        const run = await newRun({ runName: 'before' });
        const info = await store.updateRun(run.info.runId, { status: 'FINISHED', endTime: 1_800_000_000_000, runName: 'after' });
        expect(info).toMatchObject({ status: 'FINISHED', endTime: 1_800_000_000_000, runName: 'after' });
        const read = await store.getRun(run.info.runId);
        expect(read.info).toMatchObject({ status: 'FINISHED', endTime: 1_800_000_000_000, runName: 'after' });
        expect(read.data.tags['mlflow.runName']).toBe('after');
      }, timeout);

      it('deletes and restores a run; a deleted run refuses logging', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.deleteRun(runId);
        expect((await store.getRun(runId)).info.lifecycleStage).toBe('deleted');
        const filter = `attributes.run_id = '${runId}'`;
        expect((await store.searchRuns({ experimentIds: [experimentId], filter })).items).toHaveLength(0);
        expect((await store.searchRuns({ experimentIds: [experimentId], filter, runViewType: 'DELETED_ONLY' })).items).toHaveLength(1);
        expect((await apiError(store.logParam(runId, { key: 'p', value: '1' }))).errorCode).toBe('INVALID_PARAMETER_VALUE');
        await store.restoreRun(runId);
        expect((await store.getRun(runId)).info.lifecycleStage).toBe('active');
        await store.logParam(runId, { key: 'p', value: '1' });
      }, timeout);

      it('reports an unknown run as RESOURCE_DOES_NOT_EXIST', async () => {
        const error = await apiError(store.getRun('0123456789abcdef0123456789abcdef'));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(MlflowApiError.isNotFound(error)).toBe(true);
      }, timeout);
    });

    describe('metrics, params and tags', () => {
      it('keeps every metric point with its step and timestamp', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.logMetric(runId, { key: 'loss', value: 0.5, timestamp: 1000, step: 0 });
        await store.logMetric(runId, { key: 'loss', value: 0.25, timestamp: 2000, step: 1 });
        await store.logMetric(runId, { key: 'loss', value: 0.125, timestamp: 2000, step: 1 });
        await store.logMetric(runId, { key: 'loss', value: -3, timestamp: 3000, step: 1 });
        // (An exact duplicate point is kept twice by the file store and once by the SQL store: not tested.)
        const history = (await store.getMetricHistory(runId, 'loss')).items;
        expect(history.map((m) => [m.value, m.timestamp, m.step]).sort((a, b) => a[1]! - b[1]! || a[0]! - b[0]!)).toEqual([
          [0.5, 1000, 0],
          [0.125, 2000, 1],
          [0.25, 2000, 1],
          [-3, 3000, 1],
        ]);
        expect(history.every((m) => m.key === 'loss')).toBe(true);
      }, timeout);

      it('round-trips NaN and ±Infinity', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.logMetric(runId, { key: 'nan', value: NaN, timestamp: 1, step: 0 });
        await store.logMetric(runId, { key: 'pinf', value: Infinity, timestamp: 1, step: 0 });
        await store.logBatch(runId, { metrics: [{ key: 'ninf', value: -Infinity, timestamp: 1, step: 0 }] });
        const data = (await store.getRun(runId)).data;
        expect(data.metrics.nan).toBeNaN();
        expect(isPositiveInfinity(data.metrics.pinf!)).toBe(true);
        expect(isNegativeInfinity(data.metrics.ninf!)).toBe(true);
        expect((await store.getMetricHistory(runId, 'nan')).items[0]!.value).toBeNaN();
      }, timeout);

      it('reports the latest metric by (step, timestamp, value)', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.logMetric(runId, { key: 'm', value: 1, timestamp: 10, step: 5 });
        await store.logMetric(runId, { key: 'm', value: 2, timestamp: 500, step: 2 });
        await store.logMetric(runId, { key: 'm', value: 3, timestamp: 5, step: 5 });
        const data = (await store.getRun(runId)).data;
        expect(data.metrics.m).toBe(1);
        const latest = data.latestMetrics.find((m) => m.key === 'm');
        expect(latest).toMatchObject({ value: 1, step: 5, timestamp: 10 });
      }, timeout);

      it('pages through a metric history', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        const metrics: Metric[] = Array.from({ length: 7 }, (_, i) => ({ key: 'h', value: i / 2, timestamp: 1000 + i, step: i }));
        await store.logBatch(runId, { metrics });
        const first = await store.getMetricHistory(runId, 'h', { maxResults: 3 });
        expect(first.items).toHaveLength(3);
        expect(first.nextPageToken).toBeDefined();
        const { items } = await allPages((pageToken) => store.getMetricHistory(runId, 'h', { maxResults: 3, ...(pageToken ? { pageToken } : {}) }));
        expect(items.map((m) => m.step).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      }, timeout);

      it('params are immutable: same value is a no-op, a new value is refused', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.logParam(runId, { key: 'lr', value: '0.1' });
        await store.logParam(runId, { key: 'lr', value: '0.1' });
        const error = await apiError(store.logParam(runId, { key: 'lr', value: '0.2' }));
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(error.message).toMatch(/Changing param values is not allowed/);
        expect((await store.getRun(runId)).data.params).toEqual({ lr: '0.1' });
      }, timeout);

      it('tags overwrite and can be deleted; deleting a missing tag fails', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.setTag(runId, { key: 'stage', value: 'a' });
        await store.setTag(runId, { key: 'stage', value: 'b' });
        await store.setTag(runId, { key: 'tmp', value: 'x' });
        await store.deleteTag(runId, 'tmp');
        const tags = (await store.getRun(runId)).data.tags;
        expect(tags.stage).toBe('b');
        expect(tags).not.toHaveProperty('tmp');
        expect((await apiError(store.deleteTag(runId, 'never-set'))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      }, timeout);

      it('setting the mlflow.runName tag renames the run', async () => {
        const run = await newRun({ runName: 'old' });
        await store.setTag(run.info.runId, { key: 'mlflow.runName', value: 'new-name' });
        expect((await store.getRun(run.info.runId)).info.runName).toBe('new-name');
      }, timeout);

      it('logs a batch of metrics, params and tags; the last tag value wins', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.logBatch(runId, {
          metrics: [
            { key: 'acc', value: 0.9, timestamp: 100, step: 0 },
            { key: 'acc', value: 0.95, timestamp: 200, step: 1 },
          ],
          params: [
            { key: 'model', value: 'lr' },
            { key: 'nested/key', value: 'v' },
          ],
          tags: [
            { key: 't', value: 'first' },
            { key: 't', value: 'second' },
          ],
        });
        const data = (await store.getRun(runId)).data;
        expect(data.metrics.acc).toBe(0.95);
        expect(data.params).toEqual({ model: 'lr', 'nested/key': 'v' });
        expect(data.tags.t).toBe('second');
        expect((await store.getMetricHistory(runId, 'acc')).items.map((m) => m.value)).toEqual([0.9, 0.95]);
      }, timeout);
    });

    describe('search and inputs', () => {
      it('filters, orders and pages runs', async () => {
        const expId = await store.createExperiment(uniqueName('search'));
        const runIds: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          const run = await store.createRun({ experimentId: expId, runName: `r${i}`, startTime: 1_700_000_000_000 + i });
          await store.logBatch(run.info.runId, { metrics: [{ key: 'score', value: i, timestamp: 1, step: 0 }], params: [{ key: 'parity', value: i % 2 === 0 ? 'even' : 'odd' }] });
          runIds.push(run.info.runId);
        }
        const best = await store.searchRuns({ experimentIds: [expId], filter: 'metrics.score >= 3', orderBy: ['metrics.score DESC'] });
        expect(best.items.map((r) => r.info.runName)).toEqual(['r4', 'r3']);
        const even = await store.searchRuns({ experimentIds: [expId], filter: "params.parity = 'even'" });
        expect(even.items.map((r) => r.info.runName).sort()).toEqual(['r0', 'r2', 'r4']);
        const byStart = await store.searchRuns({ experimentIds: [expId] });
        expect(byStart.items.map((r) => r.info.runName)).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
        const first = await store.searchRuns({ experimentIds: [expId], maxResults: 2 });
        expect(first.items).toHaveLength(2);
        expect(first.nextPageToken).toBeDefined();
        const { items, pages } = await allPages((pageToken) => store.searchRuns({ experimentIds: [expId], maxResults: 2, ...(pageToken ? { pageToken } : {}) }));
        expect(pages).toBe(3);
        expect(items.map((r) => r.info.runId).sort()).toEqual([...runIds].sort());
        expect(items[0]!.data.metrics).toHaveProperty('score');
      }, timeout);

      it('records dataset inputs with their tags', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        await store.logInputs(runId, {
          datasets: [
            {
              dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '{"uri": "/data/iris.csv"}', schema: '{"mlflow_colspec": []}' },
              tags: { 'mlflow.data.context': 'training' },
            },
          ],
        });
        const inputs = (await store.getRun(runId)).inputs;
        expect(inputs.datasetInputs).toHaveLength(1);
        expect(inputs.datasetInputs[0]).toMatchObject({
          dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '{"uri": "/data/iris.csv"}' },
          tags: { 'mlflow.data.context': 'training' },
        });
      }, timeout);
      it('records model inputs', async () => {
        const run = await newRun();
        const model = await store.createLoggedModel({ experimentId, name: uniqueName('input') });
        await store.logInputs(run.info.runId, { models: [{ modelId: model.modelId }] });
        expect((await store.getRun(run.info.runId)).inputs.modelInputs).toEqual([{ modelId: model.modelId }]);
      }, timeout);

      it('refuses invalid keys with INVALID_PARAMETER_VALUE, whoever checks them', async () => {
        const run = await newRun();
        const runId = run.info.runId;
        expect((await apiError(store.logParam(runId, { key: 'bad!key', value: '1' }))).errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect((await apiError(store.setTag(runId, { key: 'bad?tag', value: '1' }))).errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect((await apiError(store.logMetric(runId, { key: 'bad*metric', value: 1, timestamp: 1, step: 0 }))).errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect((await store.getRun(runId)).data.params).toEqual({});
      }, timeout);
    });

    loggedModelContract(() => ({ store, experimentId }), timeout);
    registryContract(() => ({ store, experimentId }), timeout);
  });
}

/**
 * Inside a tracked pipeline run, the metric and artifact datasets save through the run's tracking
 * queue and journal (`tracking.forRun`): with the real server behind a fault proxy that goes down,
 * every save succeeds, and everything reaches the server when it answers again. Bad input still
 * fails the save at once, with a typed error naming the dataset.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureLogs } from '@kedro-mlflow/core-pipeline';
import { MlflowClient, MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, sharedMlflowServer, startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';
import {
  MlflowArtifactDataset,
  MlflowDatasetError,
  MlflowMetricDataset,
  MlflowMetricHistoryDataset,
  MlflowMetricsHistoryDataset,
  registerDatasetTypes,
  runInMlflowScope,
  TextDataset,
} from '../../src/index.js';
import { rejection, tempFolders } from '../helpers.js';
import { uniqueName } from './helpers.js';

jest.setTimeout(120_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
const folder = tempFolders();
beforeAll(() => registerDatasetTypes());

const RUN = '0123456789abcdef0123456789abcdef';

/** Runs `fn` in the scope of `runId` with a tracking of `uri` that journals into a private folder. */
async function inQueuedScope<T>(uri: string, runId: string, fn: (tracking: MlflowTracking) => Promise<T>): Promise<T> {
  const tracking = new MlflowTracking({ trackingUri: uri, env: {}, journalDir: folder(), exitHandlers: false, maxRetries: 1, backoffFactorMs: 20, backoffJitterMs: 0, flushIntervalMs: 50, probeIntervalMs: 200 });
  try {
    return await runInMlflowScope({ enabled: true, run: { runId, experimentId: '0', tracking } }, () => fn(tracking));
  } finally {
    await tracking.close();
  }
}

describe('queued saves: bad input fails the save at once, naming the dataset', () => {
  it.each([
    ['MlflowMetricDataset', () => new MlflowMetricDataset({ key: 'bad key!' }).save(1), 'bad key!'],
    ['MlflowMetricHistoryDataset', () => new MlflowMetricHistoryDataset({ key: 'a/../b' }).save([1, 2]), 'a/../b'],
    ['MlflowMetricsHistoryDataset', () => new MlflowMetricsHistoryDataset({}, { name: 'scores' }).save({ 'f1?': { value: 1 } }), 'scores.f1?'],
  ] as const)('%s with a key MLflow refuses: invalid-key, inside a pipeline run and outside one', async (_name, save, key) => {
    for (const where of ['inside', 'outside'] as const) {
      // The key is checked before the run is looked for: outside a pipeline run too, no run id needed.
      const attempt = where === 'inside' ? inQueuedScope('http://127.0.0.1:9', RUN, () => rejection(save())) : rejection(save());
      const error = await attempt;
      expect(MlflowDatasetError.isInstance(error) && error.kind === 'invalid-key' && error.key === key).toBe(true);
      expect(error.message).toMatch(/^Cannot save dataset .+: Invalid metric name/);
      expect(error.message).toContain('MLflow takes');
    }
  });

  it('a value that is not a number fails inside a pipeline run as outside one (not-a-number, with the dataset name)', async () => {
    const error = await inQueuedScope('http://127.0.0.1:9', RUN, () => rejection(new MlflowMetricDataset({}, { name: 'accuracy' }).save('0.9' as never)));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'not-a-number' && error.dataset === "'accuracy'").toBe(true);
  });
});

withMlflow('queued saves during an outage (real server behind a fault proxy)', () => {
  let proxy: FaultProxy;
  let client: MlflowClient;
  let experimentId: string;

  beforeAll(async () => {
    const url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, env: {} });
    experimentId = await client.createExperiment(uniqueName('queued-saves'));
    proxy = await startFaultProxy(url);
  });
  afterAll(async () => {
    await proxy?.close();
    await client?.close();
  });

  it('metric, history, metrics-history and artifact saves succeed while the server is down; all of it arrives when it is back', async () => {
    const runId = (await client.createRun(experimentId)).info.runId;
    const given = (await client.createRun(experimentId)).info.runId;
    const dir = folder();
    const logs = captureLogs('warn');
    try {
      await inQueuedScope(proxy.url, runId, async (tracking) => {
        const loss = new MlflowMetricDataset({ key: 'loss', save_args: { mode: 'append' } });
        await loss.save(0.9); // server up: step 0, read from the server
        await proxy.down();
        await loss.save(0.5); // the server is unreachable: the step comes from what this process logged
        await loss.save(0.4);
        expect(tracking.serverUnreachable).toBe(true);
        await new MlflowMetricDataset({ key: 'acc', save_run_id: given, save_args: { step: 7 } }).save(0.75);
        await new MlflowMetricHistoryDataset({ key: 'curve' }).save([0.1, 0.2, 0.3]);
        await new MlflowMetricsHistoryDataset({ prefix: 'eval' }).save({ f1: { value: 0.6, step: 2 }, auc: [{ value: 0.7 }, { value: 0.8, step: 1 }] });
        const report = new MlflowArtifactDataset({ dataset: { type: TextDataset, filepath: join(dir, 'report.txt') }, artifact_path: 'reports' });
        await report.save('written during the outage');
        writeFileSync(join(dir, 'report.txt'), 'changed after the save'); // the journal kept its own copy
        await proxy.pass();
      });
    } finally {
      logs.restore();
    }
    expect(logs.messages('warn').some((m) => m.includes("Dataset MlflowMetricDataset(key='loss'): the MLflow server is unreachable, so the step of metric 'loss'"))).toBe(true);
    expect((await client.getMetricHistory(runId, 'loss')).map((m) => [m.step, m.value])).toEqual([[0, 0.9], [1, 0.5], [2, 0.4]]);
    expect((await client.getMetricHistory(given, 'acc')).map((m) => [m.step, m.value])).toEqual([[7, 0.75]]);
    expect((await client.getMetricHistory(runId, 'curve')).map((m) => m.value)).toEqual([0.1, 0.2, 0.3]);
    expect((await client.getRun(runId)).data.metrics).toMatchObject({ 'eval.f1': 0.6, 'eval.auc': 0.8 });
    const local = await client.downloadArtifacts(runId, 'reports/report.txt', folder());
    expect(readFileSync(local, 'utf8')).toBe('written during the outage');
  });

  it('artifact uploads run in the background: a second save of the dataset waits for the first upload; the last content wins', async () => {
    const runId = (await client.createRun(experimentId)).info.runId;
    const dir = folder();
    await inQueuedScope(proxy.url, runId, async (tracking) => {
      const report = new MlflowArtifactDataset({ dataset: { type: TextDataset, filepath: join(dir, 'twice.txt') }, artifact_path: 'reports' });
      await report.save('first');
      await report.save('second');
      await tracking.flush(); // flush waits for the uploads started so far
      const local = await client.downloadArtifacts(runId, 'reports/twice.txt', folder());
      expect(readFileSync(local, 'utf8')).toBe('second');
    });
  });

  it('loads after queued saves see them (the queue is flushed before a read)', async () => {
    const runId = (await client.createRun(experimentId)).info.runId;
    await inQueuedScope(proxy.url, runId, async () => {
      const history = new MlflowMetricHistoryDataset({ key: 'h', load_args: { mode: 'dict' } });
      await history.save([5, 6]);
      expect(await history.load()).toEqual({ 0: 5, 1: 6 });
      const metric = new MlflowMetricDataset({ key: 'h', save_args: { mode: 'append' } });
      await metric.save(7);
      expect(await metric.load()).toBe(7);
      expect((await client.getMetricHistory(runId, 'h')).map((m) => m.step)).toEqual([0, 1, 2]);
    });
  });
});

/**
 * Where MlflowMetricDataset takes the step of an append/overwrite save without `save_args.step`:
 * - the pipeline's own run, created in this process by the tracking the scope names
 *   (`localHistory: true`): from what this process logged to it — no request at all;
 * - any other run (a `save_run_id`, a scope without `localHistory`, as for a resumed run or an
 *   orchestrator's run): from the server's history, which may hold points logged elsewhere.
 * Against a real server behind a counting proxy.
 */
import { MlflowClient, MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, sharedMlflowServer, startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';
import { MlflowMetricDataset, runInMlflowScope } from '../../src/index.js';
import { tempFolders } from '../helpers.js';
import { uniqueName } from './helpers.js';

jest.setTimeout(120_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
const folder = tempFolders();

withMlflow('MlflowMetricDataset: the step of a save without save_args.step', () => {
  let proxy: FaultProxy;
  let client: MlflowClient;
  let experimentId: string;

  beforeAll(async () => {
    const url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, env: {} });
    experimentId = await client.createExperiment(uniqueName('metric-steps'));
    proxy = await startFaultProxy(url);
  });
  afterAll(async () => {
    await proxy?.close();
    await client?.close();
  });

  /** A tracking through the proxy whose queue sends nothing before flush or close. */
  const newTracking = (): MlflowTracking =>
    new MlflowTracking({ trackingUri: proxy.url, env: {}, experimentId, journalDir: folder(), exitHandlers: false, flushIntervalMs: 60_000 });

  it("the pipeline's own run, created here (localHistory): steps from this process, not one request", async () => {
    const tracking = newTracking();
    const run = await tracking.startRun();
    expect(tracking.createdHere(run.runId)).toBe(true);
    const before = proxy.stats.requests;
    await runInMlflowScope({ enabled: true, run: { runId: run.runId, experimentId, tracking, localHistory: true } }, async () => {
      const loss = new MlflowMetricDataset({ key: 'loss', save_args: { mode: 'append' } });
      for (const value of [0.9, 0.5, 0.4]) await loss.save(value);
      const best = new MlflowMetricDataset({ key: 'best' }); // overwrite: at the highest step so far
      await best.save(1);
      await best.save(2);
    });
    expect(proxy.stats.requests - before).toBe(0);
    await tracking.endRun();
    expect(tracking.createdHere(run.runId)).toBe(false);
    await tracking.close();
    expect((await client.getMetricHistory(run.runId, 'loss')).map((m) => [m.step, m.value])).toEqual([[0, 0.9], [1, 0.5], [2, 0.4]]);
    expect((await client.getMetricHistory(run.runId, 'best')).map((m) => [m.step, m.value])).toEqual([[0, 1], [0, 2]]);
  });

  it('a run given by save_run_id, inside that scope, takes its steps from the server', async () => {
    const other = (await client.createRun(experimentId)).info.runId;
    await client.logMetric(other, 'loss', 0.7, { step: 5 }); // logged by another client
    const tracking = newTracking();
    const run = await tracking.startRun();
    await runInMlflowScope({ enabled: true, run: { runId: run.runId, experimentId, tracking, localHistory: true } }, async () => {
      await new MlflowMetricDataset({ key: 'loss', save_run_id: other, save_args: { mode: 'append' } }).save(0.6);
    });
    await tracking.endRun();
    await tracking.close();
    expect((await client.getMetricHistory(other, 'loss')).map((m) => [m.step, m.value])).toEqual([[5, 0.7], [6, 0.6]]);
  });

  it('a scope without localHistory (a resumed or orchestrator run) reads the server: points logged elsewhere count', async () => {
    const runId = (await client.createRun(experimentId)).info.runId;
    await client.logMetric(runId, 'loss', 0.8, { step: 3 });
    const tracking = newTracking();
    const resumed = await tracking.startRun({ runId });
    expect(tracking.createdHere(resumed.runId)).toBe(false);
    const before = proxy.stats.requests;
    await runInMlflowScope({ enabled: true, run: { runId, experimentId, tracking } }, async () => {
      const loss = new MlflowMetricDataset({ key: 'loss', save_args: { mode: 'append' } });
      await loss.save(0.5);
      await loss.save(0.4);
    });
    expect(proxy.stats.requests - before).toBeGreaterThan(0);
    await tracking.endRun();
    await tracking.close();
    expect((await client.getMetricHistory(runId, 'loss')).map((m) => [m.step, m.value])).toEqual([[3, 0.8], [4, 0.5], [5, 0.4]]);
  });
});

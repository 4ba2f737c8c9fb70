/**
 * Background batching, counted through a real proxy in front of the real server: few requests,
 * order and steps kept, flushes by size and by time, and a refused batch (400) that is logged with
 * its data, kept aside, and does not stop the run.
 */
import { readFileSync } from 'node:fs';
import { mlflowAvailable, sharedMlflowServer, startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { captureLogs, closeAll, ERROR, removeTempDirs, sleep, tempDir, tracking } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('background batching through a proxy', () => {
  let proxy: FaultProxy;
  let client: MlflowClient;
  let experimentId: string;

  beforeAll(async () => {
    const { url } = await sharedMlflowServer();
    client = new MlflowClient({ trackingUri: url, env: {} });
    experimentId = await client.createExperiment(uniqueName('batching'));
    proxy = await startFaultProxy(url);
  }, 120_000);

  afterEach(closeAll);
  afterAll(async () => {
    await proxy?.close();
    await client?.close();
    removeTempDirs();
  });

  it('sends 10,000 metric points + 100 params + 50 tags in 11 log-batch requests, in order', async () => {
    const mlflow = tracking({ trackingUri: proxy.url, experimentId });
    const run = await mlflow.startRun({ runName: 'batched' });
    const before = proxy.stats.requests;
    for (let i = 0; i < 100; i += 1) mlflow.logParam(`p${i}`, i);
    for (let i = 0; i < 50; i += 1) mlflow.setTag(`t${i}`, `v${i}`);
    mlflow.setTag('phase', 'early');
    for (let step = 0; step < 10_000; step += 1) {
      mlflow.logMetric('loss', 1 / (step + 1), { step, timestamp: 1_700_000_000_000 + step });
      if (step === 5_000) mlflow.setTag('phase', 'middle');
    }
    mlflow.setTag('phase', 'late');
    mlflow.setTag('phase', 'final'); // the last value of a tag wins, within a batch too
    await mlflow.flush();
    // ceil(10,153 entities / 1000): params and tags ride along with the metrics.
    expect(proxy.stats.requests - before).toBe(11);
    await mlflow.endRun();
    expect(proxy.stats.requests - before).toBe(12); // + runs/update

    const back = await client.getRun(run.runId);
    expect(Object.keys(back.data.params)).toHaveLength(100);
    expect(back.data.params.p42).toBe('42');
    expect(back.data.tags.t49).toBe('v49');
    expect(back.data.tags.phase).toBe('final');
    const history = (await client.getMetricHistory(run.runId, 'loss')).sort((a, b) => a.step - b.step);
    expect(history).toHaveLength(10_000);
    history.forEach((m, i) => {
      expect(m.step).toBe(i);
      expect(m.value).toBe(1 / (i + 1));
      expect(m.timestamp).toBe(1_700_000_000_000 + i);
    });
  }, 60_000);

  it('sends when batchSize items wait, and after flushIntervalMs otherwise, without flush()', async () => {
    const slow = tracking({ trackingUri: proxy.url, experimentId, batchSize: 50, flushIntervalMs: 60_000 });
    await slow.startRun();
    const before = proxy.stats.requests;
    for (let i = 0; i < 49; i += 1) slow.logMetric('m', i, i);
    await sleep(300);
    expect(proxy.stats.requests).toBe(before); // 49 < batchSize, and the interval is a minute away
    slow.logMetric('m', 49, 49);
    await proxy.waitForRequests(before + 1, 20_000);
    await slow.endRun();

    const quick = tracking({ trackingUri: proxy.url, experimentId, flushIntervalMs: 100 });
    const run = await quick.startRun();
    const start = proxy.stats.requests;
    quick.logMetric('m', 1);
    quick.logParam('p', 'x');
    await proxy.waitForRequests(start + 1, 20_000); // sent by the timer
    await until(async () => (await client.getRun(run.runId)).data.params.p === 'x');
    await quick.endRun();
  }, 60_000);

  it('a refused batch (400) is logged with its data and kept aside; the rest of the batch and the run go on', async () => {
    const logs = captureLogs();
    try {
      const first = tracking({ trackingUri: proxy.url, experimentId });
      const run = await first.startRun({ runName: 'conflict' });
      first.logParam('lr', 0.1);
      await first.endRun();

      // Another process resumes the run and logs a different lr: MLflow refuses to change a param.
      const journalDir = tempDir('journal-');
      const second = tracking({ trackingUri: proxy.url, journalDir });
      await second.startRun({ runId: run.runId });
      second.logParam('lr', 0.2);
      second.logParam('epochs', 10);
      second.setTag('resumed', 'yes');
      for (let i = 0; i < 20; i += 1) second.logMetric('acc', i / 20, i);
      await second.flush();
      second.logMetric('after', 1); // the run goes on
      await second.endRun();

      const back = await client.getRun(run.runId);
      expect(back.info.status).toBe('FINISHED');
      expect(back.data.params).toEqual({ lr: '0.1', epochs: '10' });
      expect(back.data.tags.resumed).toBe('yes');
      expect(back.data.metrics.after).toBe(1);
      expect(await client.getMetricHistory(run.runId, 'acc')).toHaveLength(20);

      const errors = logs.text(ERROR);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`run ${run.runId}`);
      expect(errors[0]).toMatch(/INVALID_PARAMETER_VALUE/);
      expect(errors[0]).toContain('lr="0.2"');
      expect(errors[0]).toMatch(/The run goes on/);
      const dropped = second.journalPath!.replace(/\.jsonl$/, '.dropped.jsonl');
      expect(errors[0]).toContain(dropped);
      const kept = readFileSync(dropped, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({ kind: 'log-batch', run_id: run.runId, params: [{ key: 'lr', value: '0.2' }], reason: expect.stringMatching(/INVALID_PARAMETER_VALUE/) });
    } finally {
      logs.restore();
    }
  }, 60_000);
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}

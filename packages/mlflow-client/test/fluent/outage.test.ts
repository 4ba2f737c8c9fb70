/**
 * Nothing is lost when the server goes away: a real proxy in front of the real server goes down
 * while a run logs; what the transport could not send (after its retries) goes to the journal,
 * the run keeps logging, and the journal is replayed when the server answers again.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { serverProbe } from '../../src/queue/server-probe.js';
import { useProxiedServer } from './proxied-server.js';
import { captureLogs, ERROR, removeTempDirs, sleep, tempDir, tracking, until, WARN } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('the offline journal during an outage', () => {
  const s = useProxiedServer('outage');
  afterAll(() => removeTempDirs());

  it('10 s outage in the middle of logging 10,000 metrics: all 10,000 present afterwards, replayed automatically', async () => {
    const logs = captureLogs();
    try {
      const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, flushIntervalMs: 100, probeIntervalMs: 250 });
      const run = await mlflow.startRun({ runName: 'outage' });
      mlflow.logParam('before', 'outage');
      let downAt = 0;
      let journalSeen = false;
      // 100 rounds of 100 points, a little apart, so logging goes on before, during and after the outage.
      for (let round = 0; round < 100; round += 1) {
        if (round === 15) {
          await s.proxy.down();
          downAt = Date.now();
        }
        if (round > 15 && s.proxy.mode === 'down') {
          journalSeen ||= existsSync(mlflow.journalPath!);
          if (Date.now() - downAt >= 10_000) await s.proxy.pass();
        }
        for (let i = 0; i < 100; i += 1) {
          const step = round * 100 + i;
          mlflow.logMetric('m', step / 7, { step, timestamp: 1_700_000_000_000 + step }); // never throws
        }
        if (round === 50) mlflow.setTag('during', 'outage');
        await sleep(round >= 15 && s.proxy.mode === 'down' ? 150 : 20);
      }
      if (s.proxy.mode === 'down') {
        await sleep(Math.max(0, 10_000 - (Date.now() - downAt)));
        await s.proxy.pass();
      }
      expect(journalSeen).toBe(true);
      await mlflow.endRun();
      // The journal empties by itself once the server answers (probe → replay).
      await until(async () => (await mlflow.pendingInJournal()).entries === 0, 60_000, 'the journal to be replayed');
      await mlflow.flush();

      const history = await s.client.getMetricHistory(run.runId, 'm');
      expect(history).toHaveLength(10_000);
      const byStep = new Map(history.map((m) => [m.step, m]));
      expect(byStep.size).toBe(10_000);
      for (let step = 0; step < 10_000; step += 1) {
        const point = byStep.get(step)!;
        expect(point.value).toBeCloseTo(step / 7, 12);
        expect(point.timestamp).toBe(1_700_000_000_000 + step);
      }
      const back = await s.client.getRun(run.runId);
      expect(back.info.status).toBe('FINISHED');
      expect(back.data.params).toEqual({ before: 'outage' });
      expect(back.data.tags.during).toBe('outage');
      expect(existsSync(mlflow.journalPath!)).toBe(false);

      // Said plainly, once for the outage (not per point, not per batch), and again when it ended.
      const warnings = logs.lines.filter((l) => l.level === WARN && l.name === 'mlflow-client.background').map((l) => l.msg);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`MLflow server ${s.proxy.url} unreachable`);
      expect(warnings[0]).toMatch(/[\d,]+ metric points? .*for run /);
      expect(warnings[0]).toContain(`kept in ${mlflow.journalPath}`);
      expect(warnings[0]).toMatch(/they will be sent when it answers \(or run `replay\(\)`\)/);
      expect(logs.text().some((m) => m.includes(`MLflow server ${s.proxy.url} answers again`))).toBe(true);
    } finally {
      logs.restore();
    }
  }, 120_000);

  it('the end-of-run status waits in the journal too; replay() sends it and is safe to repeat', async () => {
    const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, probeIntervalMs: 60_000 });
    const run = await mlflow.startRun({ runName: 'ends-offline' });
    mlflow.logMetric('a', 1, 0);
    await mlflow.flush();
    await s.proxy.down();
    mlflow.logMetric('a', 2, 1);
    mlflow.logParam('p', 'offline');
    mlflow.setTag('t', 'offline');
    await mlflow.endRun('FINISHED'); // does not throw: kept in the journal
    expect(await mlflow.pendingInJournal()).toMatchObject({ entries: 2, metrics: 1, params: 1, tags: 1, statuses: 1 });
    const lines = readFileSync(mlflow.journalPath!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.kind, l.run_id])).toEqual([['log-batch', run.runId], ['update-run', run.runId]]);
    expect(lines[0]).toMatchObject({ uri: s.proxy.url, metrics: [{ key: 'a', value: 2, step: 1 }] });
    expect(lines[1]).toMatchObject({ status: 'FINISHED' });
    expect((await s.client.getRun(run.runId)).info.status).toBe('RUNNING');

    // Still down: nothing is delivered, nothing is lost.
    const early = await mlflow.replay();
    expect(early).toMatchObject({ remaining: 2, busy: false });
    expect(early.delivered).toEqual({ metrics: 0, params: 0, tags: 0, statuses: 0, artifacts: 0 });

    await s.proxy.pass();
    const summary = await mlflow.replay();
    expect(summary).toMatchObject({ delivered: { metrics: 1, params: 1, tags: 1, statuses: 1 }, remaining: 0 });
    expect(await mlflow.replay()).toMatchObject({ delivered: { metrics: 0, params: 0, tags: 0, statuses: 0 }, remaining: 0 });
    const back = await s.client.getRun(run.runId);
    expect(back.info.status).toBe('FINISHED');
    expect(back.data).toMatchObject({ params: { p: 'offline' }, tags: { t: 'offline' } });
    expect((await s.client.getMetricHistory(run.runId, 'a')).map((m) => m.value).sort()).toEqual([1, 2]);
  }, 60_000);

  it('injected 503s that outlast the retries count as an outage too', async () => {
    const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, probeIntervalMs: 100 });
    const run = await mlflow.startRun();
    await s.proxy.status(503, { count: 2, headers: { 'retry-after': '0' } });
    mlflow.logMetric('x', 7);
    await mlflow.flush(); // 2 attempts, both 503: kept
    expect(s.proxy.stats.injected).toBe(2);
    // The s.proxy passes again: the probe notices, the journal is replayed.
    await until(async () => (await mlflow.pendingInJournal()).entries === 0, 30_000, 'replay');
    await mlflow.endRun();
    expect((await s.client.getRun(run.runId)).data.metrics).toEqual({ x: 7 });
  }, 60_000);

  it('when the journal cannot be written either, data stays in memory and is sent once the server answers', async () => {
    const logs = captureLogs();
    try {
      const notADir = join(tempDir('blocked-'), 'file');
      writeFileSync(notADir, 'in the way');
      const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, journalDir: notADir });
      const run = await mlflow.startRun();
      await s.proxy.down();
      for (let i = 0; i < 5; i += 1) mlflow.logMetric('kept_in_memory', i, i);
      await mlflow.flush(); // resolves: it does not hang on a broken journal
      expect(logs.text(ERROR).some((m) => m.includes(`could not write ${mlflow.journalPath}`) && m.includes('5 metric points'))).toBe(true);
      await s.proxy.pass();
      await mlflow.flush(); // tries again at once
      await mlflow.endRun();
      expect((await s.client.getMetricHistory(run.runId, 'kept_in_memory')).map((m) => m.value).sort()).toEqual([0, 1, 2, 3, 4]);
    } finally {
      logs.restore();
    }
  }, 60_000);

  it('probes the server with one quick request, whatever the retry policy', async () => {
    const patient = new MlflowClient({ trackingUri: s.proxy.url, env: {}, maxRetries: 5, backoffFactorMs: 5_000 });
    try {
      const probe = serverProbe(s.proxy.url, patient.transport)!;
      await s.proxy.status(503);
      expect(await probe()).toBe(false);
      expect(s.proxy.stats.injected).toBe(1); // no retries, no 5 s backoff
      await s.proxy.down();
      expect(await probe()).toBe(false);
      await s.proxy.pass();
      expect(await probe()).toBe(true);
      expect(serverProbe('/tmp/mlruns', patient.transport)).toBeUndefined();
    } finally {
      await patient.close();
    }
  });

  it('with the journal disabled, an outage drops data (MLflow behaviour) and says so, without throwing', async () => {
    const logs = captureLogs();
    try {
      const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, journalDir: false });
      const run = await mlflow.startRun();
      await s.proxy.down();
      mlflow.logMetric('lost', 1);
      await mlflow.flush();
      expect(mlflow.journalPath).toBeUndefined();
      expect(logs.text(WARN).some((m) => /unreachable .*could not be sent and were dropped, because the offline journal is disabled/.test(m))).toBe(true);
      await s.proxy.pass();
      mlflow.logMetric('kept', 2);
      await mlflow.endRun();
      const back = await s.client.getRun(run.runId);
      expect(back.data.metrics).toEqual({ kept: 2 });
      expect(back.info.status).toBe('FINISHED');
    } finally {
      logs.restore();
    }
  }, 60_000);
});

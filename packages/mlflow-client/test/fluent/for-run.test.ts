/**
 * `tracking.forRun(runId)`: logging to a run given by id — not the tracking's active run — through
 * the same queue, journal and artifact copies, against the real server behind a fault proxy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable } from '@kedro-mlflow/mlflow-test-server';
import { MlflowApiError, MlflowError } from '@kedro-mlflow/mlflow-client';
import { journalLines } from './child.js';
import { useProxiedServer } from './proxied-server.js';
import { removeTempDirs, tempDir, tracking, until } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;
jest.setTimeout(120_000);

/** Every artifact file of a run, recursively. */
async function files(client: ReturnType<typeof useProxiedServer>['client'], runId: string, path?: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await client.listArtifacts(runId, path)) {
    if (entry.isDir) out.push(...(await files(client, runId, entry.path)));
    else out.push(entry.path);
  }
  return out.sort();
}

describe('forRun without a server', () => {
  afterAll(() => removeTempDirs());

  it('bad input throws at once and queues nothing of the call; a bad run id or a closed tracking throws', async () => {
    const mlflow = tracking({ trackingUri: 'http://127.0.0.1:9', journalDir: false });
    const run = mlflow.forRun('0123456789abcdef0123456789abcdef');
    expect(() => run.logMetric('bad key!', 1)).toThrow(MlflowApiError);
    expect(() => run.logMetric('ok', 1, { step: 0.5 })).toThrow(MlflowApiError);
    // One bad item and nothing of the batch is queued, not even the items before it.
    expect(() => run.logBatch({ metrics: [{ key: 'a', value: 1, step: 3 }, { key: 'b/../c', value: 2 }] })).toThrow(/normalised relative paths/);
    expect(run.lastLoggedStep('a')).toBeUndefined();
    run.logParam('p', 1);
    const conflict = (() => {
      try {
        run.logBatch({ params: { q: 'new', p: 2 } });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(MlflowApiError.isInstance(conflict) && conflict.errorCode === 'INVALID_PARAMETER_VALUE' && conflict.message.includes("key='p'")).toBe(true);
    run.logParam('q', 'other'); // 'q' of the refused batch was never queued, so another value is fine
    expect(() => run.logBatch({ params: [{ key: 'r', value: 1 }, { key: 'r', value: 2 }] })).toThrow(/given twice in one batch/);
    await expect(run.logArtifact(join(tempDir('missing-'), 'nope.txt'))).rejects.toThrow(/cannot read/);
    await expect(run.logText('x', '')).rejects.toThrow(/needs a file name/);
    expect(() => mlflow.forRun('not a run id!')).toThrow(MlflowApiError);
    await mlflow.close();
    expect(() => run.logMetric('ok', 1)).toThrow(MlflowError);
    expect(() => mlflow.forRun('0123456789abcdef0123456789abcdef')).toThrow(/closed/);
  });

  it('lastLoggedStep: the highest step this process logged per key of that run', async () => {
    const mlflow = tracking({ trackingUri: 'http://127.0.0.1:9', journalDir: false });
    const a = mlflow.forRun('a0000000000000000000000000000000');
    a.logMetric('loss', 1, 4);
    a.logMetric('loss', 1, 2);
    a.logBatch({ metrics: [{ key: 'acc', value: 0.5, step: 7 }] });
    a.logMetrics({ loss: 0.5, f1: 0.1 });
    expect([a.lastLoggedStep('loss'), a.lastLoggedStep('acc'), a.lastLoggedStep('f1'), a.lastLoggedStep('none')]).toEqual([4, 7, 0, undefined]);
    expect(mlflow.forRun('b0000000000000000000000000000000').lastLoggedStep('loss')).toBeUndefined();
  });
});

withMlflow('forRun against the real server', () => {
  const s = useProxiedServer('for-run');
  afterAll(() => removeTempDirs());

  it('logs to a run that is not the active one, which stays apart', async () => {
    const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, flushIntervalMs: 50 });
    const other = (await s.client.createRun(s.experimentId)).info.runId;
    const active = await mlflow.startRun({ runName: 'active' });
    const run = mlflow.forRun(other);
    run.logMetric('m', 1, 0);
    run.logMetrics({ m: 2, n: 3 }, 1);
    run.logBatch({ metrics: [{ key: 'h', value: 0.5, step: 9, timestamp: 1_700_000_000_000 }], params: { a: 1 }, tags: { t: 'x' } });
    run.logParams({ b: 'two' });
    run.setTags({ u: 'y' });
    await run.logText('hello\n', 'notes/hello.txt');
    await run.logDict({ k: 1 }, 'notes/k.json');
    await run.flush();
    await mlflow.endRun();
    const got = await s.client.getRun(other);
    expect(got.info.status).toBe('RUNNING'); // not this tracking's run: never ended by it
    expect(got.data.params).toEqual({ a: '1', b: 'two' });
    expect(got.data.tags).toMatchObject({ t: 'x', u: 'y' });
    expect((await s.client.getMetricHistory(other, 'm')).map((p) => [p.step, p.value])).toEqual([[0, 1], [1, 2]]);
    expect((await s.client.getMetricHistory(other, 'h'))[0]).toMatchObject({ step: 9, value: 0.5, timestamp: 1_700_000_000_000 });
    expect(await files(s.client, other)).toEqual(['notes/hello.txt', 'notes/k.json']);
    expect((await s.client.getRun(active.runId)).data.params).toEqual({});
  });

  it('during an outage: queued and journaled (artifacts as private copies), the end status after them, all delivered when the server is back', async () => {
    const journalDir = tempDir('journal-');
    const work = tempDir('work-');
    const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, journalDir, flushIntervalMs: 50, probeIntervalMs: 200 });
    const active = await mlflow.startRun({ runName: 'outage' });
    const other = (await s.client.createRun(s.experimentId)).info.runId;
    await s.proxy.down();
    writeFileSync(join(work, 'model.txt'), 'the original');
    const mine = mlflow.forRun(active.runId);
    mine.logBatch({ metrics: [{ key: 'loss', value: 0.25, step: 3 }], params: { lr: 0.1 }, tags: { phase: 'down' } });
    await mine.logArtifact(join(work, 'model.txt'), 'model'); // resolves: a copy is kept
    writeFileSync(join(work, 'model.txt'), 'changed afterwards');
    await mine.logDict({ status: 'ok' }, 'summary.json');
    mlflow.forRun(other).logMetric('elsewhere', 1, 5);
    await mlflow.forRun(other).logText('other run\n', 'other.txt');
    await mlflow.endRun();
    const kinds = journalLines(mlflow.journalPath!).filter((l) => l.run_id === active.runId).map((l) => l.kind);
    expect(kinds.at(-1)).toBe('update-run'); // the status after the artifacts
    expect(kinds.filter((k) => k === 'log-artifact')).toHaveLength(2);
    await s.proxy.pass();
    await until(async () => (await mlflow.pendingInJournal()).entries === 0, 60_000, 'the journal to be replayed');
    const got = await s.client.getRun(active.runId);
    expect(got.info.status).toBe('FINISHED');
    expect(got.data).toMatchObject({ params: { lr: '0.1' }, metrics: { loss: 0.25 }, tags: { phase: 'down' } });
    expect(await files(s.client, active.runId)).toEqual(['model/model.txt', 'summary.json']);
    const dst = tempDir('dst-');
    expect(readFileSync(await s.client.downloadArtifacts(active.runId, 'model/model.txt', dst), 'utf8')).toBe('the original');
    expect((await s.client.getMetricHistory(other, 'elsewhere')).map((p) => p.step)).toEqual([5]);
    expect(await files(s.client, other)).toEqual(['other.txt']);
  });
});

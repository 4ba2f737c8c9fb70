/**
 * Active runs per async context: concurrent withRun()s with interleaved awaits log into their own
 * runs only, nested parallel work finds its parent, and the top-level stack is untouched.
 */
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { closeAll, removeTempDirs, sleep, tracking } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('active runs in AsyncLocalStorage', () => {
  let url: string;
  let client: MlflowClient;
  let experimentName: string;

  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, env: {} });
    experimentName = uniqueName('isolation');
  }, 120_000);

  afterEach(closeAll);
  afterAll(async () => {
    await client?.close();
    removeTempDirs();
  });

  it('two withRun() in parallel with interleaved awaits never mix their data', async () => {
    const mlflow = tracking({ trackingUri: url, experimentName, flushIntervalMs: 20 });
    const order: string[] = [];
    const work = (name: 'a' | 'b', offset: number) =>
      mlflow.withRun({ runName: name }, async (run) => {
        for (let step = 0; step < 30; step += 1) {
          expect(mlflow.activeRun()?.runId).toBe(run.runId);
          mlflow.logMetric('x', offset + step, step);
          if (step % 3 === 0) mlflow.setTag('last_writer', name);
          order.push(name);
          // Random waits make the two loops interleave in an unpredictable order.
          await sleep(Math.random() * 8);
        }
        mlflow.logParam('who', name);
        return run.runId;
      });
    const [a, b] = await Promise.all([work('a', 1000), work('b', 2000)]);
    // The loops really did interleave.
    expect(order.join('')).not.toMatch(/^a{30}b{30}$|^b{30}a{30}$/);
    expect(mlflow.activeRun()).toBeUndefined();
    for (const [runId, name, offset] of [[a, 'a', 1000], [b, 'b', 2000]] as const) {
      const run = await client.getRun(runId);
      expect(run.info.status).toBe('FINISHED');
      expect(run.data.params).toEqual({ who: name });
      expect(run.data.tags.last_writer).toBe(name);
      const points = (await client.getMetricHistory(runId, 'x')).sort((p, q) => p.step - q.step);
      expect(points.map((p) => p.value)).toEqual(Array.from({ length: 30 }, (_, i) => offset + i));
    }
  });

  it('parallel nested runs inside one parent each get the parent, and their own data', async () => {
    const mlflow = tracking({ trackingUri: url, experimentName });
    const children = await mlflow.withRun({ runName: 'sweep' }, async (parent) => {
      const ids = await Promise.all(
        [1, 2, 3, 4].map((fold) =>
          mlflow.withRun({ runName: `fold-${fold}`, nested: true }, async (child) => {
            expect(child.parentRunId).toBe(parent.runId);
            await sleep(Math.random() * 10);
            mlflow.logParam('fold', fold);
            mlflow.logMetric('score', fold / 10);
            return child.runId;
          }),
        ),
      );
      // Back in the parent's context.
      expect(mlflow.activeRun()?.runId).toBe(parent.runId);
      mlflow.logMetric('best', 0.4);
      return { parent: parent.runId, ids };
    });
    const found = (await client.searchRuns((await client.getRun(children.parent)).info.experimentId, { filter: `tags.mlflow.parentRunId = '${children.parent}'` })).items;
    expect(found.map((r) => r.info.runId).sort()).toEqual([...children.ids].sort());
    for (const r of found) {
      const fold = Number(r.data.params.fold);
      expect(r.info.runName).toBe(`fold-${fold}`);
      expect(r.data.metrics).toEqual({ score: fold / 10 });
    }
    expect((await client.getRun(children.parent)).data.metrics).toEqual({ best: 0.4 });
  });

  it('a withRun() context cannot end a run it inherited, and does not disturb the top level', async () => {
    const mlflow = tracking({ trackingUri: url, experimentName });
    const top = await mlflow.startRun({ runName: 'top' });
    await mlflow.withRun({ nested: true, runName: 'inner' }, async () => {
      await mlflow.endRun(); // ends 'inner'
      expect(mlflow.activeRun()?.runId).toBe(top.runId);
      await mlflow.endRun(); // 'top' belongs to the outer context: a no-op here
      expect(mlflow.activeRun()?.runId).toBe(top.runId);
    });
    expect(mlflow.activeRun()?.runId).toBe(top.runId);
    expect((await client.getRun(top.runId)).info.status).toBe('RUNNING');
    await mlflow.endRun();
    expect((await client.getRun(top.runId)).info.status).toBe('FINISHED');
  });

  it('two trackers are independent: no shared active run', async () => {
    const one = tracking({ trackingUri: url, experimentName });
    const two = tracking({ trackingUri: url, experimentName });
    const a = await one.startRun();
    expect(two.activeRun()).toBeUndefined();
    const b = await two.startRun();
    expect(one.activeRun()?.runId).toBe(a.runId);
    expect(two.activeRun()?.runId).toBe(b.runId);
    await Promise.all([one.endRun(), two.endRun()]);
  });
});

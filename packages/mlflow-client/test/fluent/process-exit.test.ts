/**
 * Process exit and restarts, with real child Node processes running the compiled sources: a
 * process that ends without awaiting anything still delivers; `process.exit()` writes what is
 * queued to the journal; data journaled while the server was down is replayed by the next process
 * that uses the same tracking URI.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mlflowAvailable, sharedMlflowServer, startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { compiledSource, removeCompiledSource } from '../file-store/compiled-source.js';
import { childEnv, journalLines, runChild, script } from './child.js';
import { removeTempDirs, tempDir } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;
jest.setTimeout(180_000);

withMlflow('process exit and restarts (child processes)', () => {
  let url: string;
  let client: MlflowClient;
  let experimentId: string;

  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, env: {} });
    experimentId = await client.createExperiment(uniqueName('process-exit'));
    compiledSource();
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    removeCompiledSource();
    removeTempDirs();
  });

  async function expectDelivered(runId: string, n: number, status = 'FINISHED'): Promise<void> {
    const run = await client.getRun(runId);
    expect(run.info.status).toBe(status);
    expect(Object.keys(run.data.params)).toHaveLength(10);
    expect(run.data.tags.t4).toBe('v4');
    const history = await client.getMetricHistory(runId, 'm');
    expect(history).toHaveLength(n);
    expect(new Set(history.map((m) => m.step)).size).toBe(n);
    for (const m of history) expect(m.value).toBeCloseTo(m.step / 3, 12);
  }

  it('a process that ends without awaiting anything delivers its data and ends its run', async () => {
    const journalDir = tempDir('journal-');
    const child = await runChild({ action: 'log-and-leave', uri: url, journalDir, experimentId, n: 3000, runName: 'natural' });
    expect(child.code).toBe(0);
    const runId = child.lines[0]!.runId as string;
    await expectDelivered(runId, 3000, 'FINISHED');
    expect(existsSync(child.lines[0]!.journal as string)).toBe(false);
  });

  it('a non-zero exit code ends forgotten runs as FAILED', async () => {
    const child = await runChild({ action: 'log-and-leave', uri: url, journalDir: tempDir('journal-'), experimentId, n: 10, runName: 'exit-code', exit: 'exitCode' });
    expect(child.code).toBe(3);
    await expectDelivered(child.lines[0]!.runId as string, 10, 'FAILED');
  });

  it('process.exit() right after logging: what is queued goes to the journal, and the next process sends it', async () => {
    const journalDir = tempDir('journal-');
    const child = await runChild({ action: 'log-and-leave', uri: url, journalDir, experimentId, n: 2000, runName: 'hard-exit', exit: 'process.exit' });
    expect(child.code).toBe(0);
    const { runId, journal } = child.lines[0] as { runId: string; journal: string };
    const records = journalLines(journal);
    expect(records.filter((r) => r.kind === 'log-batch').reduce((n, r) => n + ((r.metrics as unknown[] | undefined)?.length ?? 0), 0)).toBe(2000);
    expect(records[records.length - 1]).toMatchObject({ kind: 'update-run', run_id: runId, status: 'FINISHED' });
    expect(child.stderr).toContain('the process is exiting: 2,000 metric points, 10 params, 5 tags and the end-of-run status');
    expect(child.stderr).toContain(`kept in ${journal}`);
    expect((await client.getRun(runId)).info.status).toBe('RUNNING');

    const next = await runChild({ action: 'replay-on-start', uri: url, journalDir });
    expect(next.lines).toEqual([{ ok: true }]);
    await expectDelivered(runId, 2000, 'FINISHED');
    expect(existsSync(journal)).toBe(false);
  });

  describe('with the server down', () => {
    let proxy: FaultProxy;

    beforeAll(async () => {
      proxy = await startFaultProxy(url);
    });

    afterAll(async () => {
      await proxy?.close();
    });

    it('a process logs while the server is down and exits; a new process replays the journal', async () => {
      const journalDir = tempDir('journal-');
      const child = fork(script, [compiledSource(), JSON.stringify({ action: 'log-while-down', uri: proxy.url, journalDir, experimentId, n: 2500, runName: 'offline' })], {
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const messages: Array<Record<string, unknown>> = [];
      const next = (): Promise<Record<string, unknown>> => new Promise((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));

      const started = await next();
      messages.push(started);
      await proxy.down();
      child.send('go');
      messages.push(await next());
      expect(await exited).toBe(0);
      const { runId, journal } = started as { runId: string; journal: string };
      expect(messages[1]!.pending).toEqual({ entries: 4, metrics: 2500, params: 10, tags: 5, statuses: 1, artifacts: 0 });
      expect(stderr).toContain(`MLflow server ${proxy.url} unreachable`);
      expect(stderr).toContain(`kept in ${journal}`);
      expect(journalLines(journal).every((r) => r.run_id === runId && r.uri === proxy.url)).toBe(true);
      expect((await client.getRun(runId)).info.status).toBe('RUNNING');
      expect(await client.getMetricHistory(runId, 'm')).toHaveLength(0);

      await proxy.pass();
      const replayer = await runChild({ action: 'replay-on-start', uri: proxy.url, journalDir });
      expect(replayer.lines).toEqual([{ ok: true }]);
      await expectDelivered(runId, 2500, 'FINISHED');
      expect(existsSync(journal)).toBe(false);
    });
  });
});

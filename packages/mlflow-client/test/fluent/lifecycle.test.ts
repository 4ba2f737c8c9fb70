/**
 * The fluent API against the real MLflow server: run lifecycle, system tags, nested runs, resuming,
 * experiments from options and MLFLOW_* variables, and input checks that throw at once.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { MlflowApiError, MlflowClient, MlflowError, MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { closeAll, removeTempDirs, tempDir, tracking } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

function gitRepo(): { dir: string; script: string; commit: string } {
  const dir = tempDir('git-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } }).trim();
  git('init', '-q', '-b', 'feature/x');
  git('remote', 'add', 'origin', 'https://someone:s3cret@example.com/org/repo.git');
  mkdirSync(join(dir, 'src'));
  const script = join(dir, 'src', 'train.js');
  writeFileSync(script, '// train\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  return { dir, script, commit: git('rev-parse', 'HEAD') };
}

withMlflow('MlflowTracking against a real MLflow server', () => {
  let url: string;
  let client: MlflowClient;
  let experimentName: string;

  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, env: {} });
    experimentName = uniqueName('fluent');
  }, 120_000);

  afterEach(closeAll);

  afterAll(async () => {
    await client?.close();
    removeTempDirs();
  });

  it('starts a run with the system tags, logs through the queue, and ends it FINISHED', async () => {
    const repo = gitRepo();
    const mlflow = tracking({ trackingUri: url, experimentName, sourceName: repo.script });
    const run = await mlflow.startRun({ runName: 'first', description: 'a **markdown** note', tags: { team: 'ml', attempt: 3 } });
    expect(mlflow.activeRun()).toBe(run);
    mlflow.logParams({ lr: 0.01, layers: [64, 32] });
    mlflow.logParam('lr', 0.01); // same value: a no-op
    mlflow.logMetric('loss', 0.5, 0);
    mlflow.logMetric('loss', 0.25, { step: 1, timestamp: 1_700_000_000_000 });
    mlflow.logMetrics({ acc: 0.9, f1: 0.8 }, 1);
    mlflow.setTags({ stage: 'dev' });
    await mlflow.endRun();
    expect(mlflow.activeRun()).toBeUndefined();

    const back = await client.getRun(run.runId);
    expect(back.info).toMatchObject({ status: 'FINISHED', runName: 'first', experimentId: run.experimentId });
    expect(back.info.endTime).toBeGreaterThanOrEqual(back.info.startTime!);
    expect(back.data.params).toEqual({ lr: '0.01', layers: '[64,32]' });
    expect(back.data.tags).toMatchObject({
      'mlflow.user': userInfo().username,
      'mlflow.source.name': repo.script,
      'mlflow.source.type': 'LOCAL',
      'mlflow.runName': 'first',
      'mlflow.note.content': 'a **markdown** note',
      'mlflow.source.git.commit': repo.commit,
      'mlflow.source.git.branch': 'feature/x',
      'mlflow.source.git.repoURL': 'https://example.com/org/repo.git',
      team: 'ml',
      attempt: '3',
      stage: 'dev',
    });
    expect(JSON.stringify(back.data.tags)).not.toContain('s3cret');
    expect(back.data.metrics).toEqual({ loss: 0.25, acc: 0.9, f1: 0.8 });
    const loss = (await client.getMetricHistory(run.runId, 'loss')).sort((a, b) => a.step - b.step);
    expect(loss.map((m) => [m.step, m.value])).toEqual([[0, 0.5], [1, 0.25]]);
    expect(loss[1]!.timestamp).toBe(1_700_000_000_000);
    const experiment = await client.getExperimentByName(experimentName);
    expect(experiment?.experimentId).toBe(run.experimentId);
  });

  it('outside a git checkout there are no git tags, and the run still starts', async () => {
    const dir = tempDir('nogit-');
    const mlflow = tracking({ trackingUri: url, experimentName, sourceName: join(dir, 'script.js') });
    const run = await mlflow.startRun();
    await mlflow.endRun('KILLED');
    const back = await client.getRun(run.runId);
    expect(back.info.status).toBe('KILLED');
    expect(Object.keys(back.data.tags).filter((k) => k.startsWith('mlflow.source.git'))).toEqual([]);
    expect(back.data.tags['mlflow.source.type']).toBe('LOCAL');
    // The server named the run, and the name is the run's tag too.
    expect(back.info.runName).not.toBe('');
    expect(back.data.tags['mlflow.runName']).toBe(back.info.runName);
  });

  it('nests runs (mlflow.parentRunId) and refuses a second top-level run with a clear message', async () => {
    const mlflow = tracking({ trackingUri: url, experimentName });
    const parent = await mlflow.startRun({ runName: 'parent' });
    const error = await mlflow.startRun({ runName: 'oops' }).catch((e: unknown) => e as Error);
    expect(MlflowError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`Run ${parent.runId} ('parent') is already active`);
    expect((error as Error).message).toMatch(/nested: true/);
    const child = await mlflow.startRun({ runName: 'child', nested: true });
    expect(child.parentRunId).toBe(parent.runId);
    mlflow.logMetric('child_metric', 1);
    await mlflow.withRun({ runName: 'grandchild', nested: true }, async (g) => {
      expect(g.parentRunId).toBe(child.runId);
      mlflow.logMetric('grandchild_metric', 2);
    });
    expect(mlflow.activeRun()?.runId).toBe(child.runId);
    await mlflow.endRun();
    expect(mlflow.activeRun()?.runId).toBe(parent.runId);
    mlflow.logMetric('parent_metric', 3);
    await mlflow.endRun();

    const runs = (await client.searchRuns(parent.experimentId, { filter: `tags.mlflow.parentRunId = '${parent.runId}'` })).items;
    expect(runs.map((r) => r.info.runName)).toEqual(['child']);
    const grandchild = (await client.searchRuns(parent.experimentId, { filter: `tags.mlflow.parentRunId = '${child.runId}'` })).items;
    expect(grandchild.map((r) => [r.info.runName, r.info.status, r.data.metrics])).toEqual([['grandchild', 'FINISHED', { grandchild_metric: 2 }]]);
    expect((await client.getRun(child.runId)).data.metrics).toEqual({ child_metric: 1 });
    expect((await client.getRun(parent.runId)).data.metrics).toEqual({ parent_metric: 3 });
    expect((await client.getRun(parent.runId)).data.tags['mlflow.parentRunId']).toBeUndefined();
  });

  it('withRun ends the run FAILED when the work throws, rethrows, and ends nested runs left open', async () => {
    const mlflow = tracking({ trackingUri: url, experimentName });
    let outerId = '';
    let innerId = '';
    const error = await mlflow
      .withRun({ runName: 'boom' }, async (run) => {
        outerId = run.runId;
        innerId = (await mlflow.startRun({ nested: true, runName: 'left-open' })).runId;
        mlflow.logMetric('before_failure', 1);
        throw new Error('training diverged');
      })
      .catch((e: unknown) => e as Error);
    expect(error.message).toBe('training diverged');
    expect(mlflow.activeRun()).toBeUndefined();
    expect((await client.getRun(outerId)).info.status).toBe('FAILED');
    const inner = await client.getRun(innerId);
    expect(inner.info.status).toBe('FAILED');
    expect(inner.data.metrics).toEqual({ before_failure: 1 });
    // withRun returns what the work returns.
    await expect(mlflow.withRun({ runName: 'ok' }, () => 42)).resolves.toBe(42);
  });

  it('resumes a run by id (option or MLFLOW_RUN_ID, used once) and sets it RUNNING again', async () => {
    const first = tracking({ trackingUri: url, experimentName });
    const run = await first.startRun({ runName: 'resumable' });
    first.logMetric('m', 1, 0);
    await first.endRun();

    const second = tracking({ trackingUri: url, env: { MLFLOW_RUN_ID: run.runId } });
    const resumed = await second.startRun({ tags: { resumed: 'yes' } });
    expect(resumed.runId).toBe(run.runId);
    expect((await client.getRun(run.runId)).info.status).toBe('RUNNING');
    second.logMetric('m', 2, 1);
    await second.endRun();
    const back = await client.getRun(run.runId);
    expect(back.info.status).toBe('FINISHED');
    expect(back.data.tags.resumed).toBe('yes');
    expect((await client.getMetricHistory(run.runId, 'm')).map((p) => p.value)).toEqual([1, 2]);
    // MLFLOW_RUN_ID is used by the first run only.
    const fresh = await second.startRun();
    expect(fresh.runId).not.toBe(run.runId);
    await second.endRun();

    const third = tracking({ trackingUri: url });
    await expect(third.startRun({ runId: run.runId, experimentId: '999999' })).rejects.toThrow(/belongs to experiment/);
    await client.deleteRun(run.runId);
    await expect(third.startRun({ runId: run.runId })).rejects.toThrow(/deleted/);
  });

  it('honours MLFLOW_EXPERIMENT_NAME and MLFLOW_EXPERIMENT_ID, and setExperiment', async () => {
    const name = uniqueName('env-exp');
    const byName = tracking({ trackingUri: url, env: { MLFLOW_EXPERIMENT_NAME: name } });
    const a = await byName.startRun();
    await byName.endRun();
    const experiment = await client.getExperimentByName(name);
    expect(a.experimentId).toBe(experiment!.experimentId);

    const byId = tracking({ trackingUri: url, env: { MLFLOW_EXPERIMENT_ID: experiment!.experimentId } });
    expect((await byId.startRun()).experimentId).toBe(experiment!.experimentId);
    await byId.endRun();

    const conflicting = tracking({ trackingUri: url, env: { MLFLOW_EXPERIMENT_NAME: name, MLFLOW_EXPERIMENT_ID: '0' } });
    await expect(conflicting.startRun()).rejects.toThrow(/set only one of them/);

    const missing = tracking({ trackingUri: url, env: { MLFLOW_EXPERIMENT_ID: '987654321' } });
    await expect(missing.startRun()).rejects.toThrow(/names no experiment/);

    const explicit = tracking({ trackingUri: url, env: { MLFLOW_EXPERIMENT_NAME: name } });
    const other = await explicit.setExperiment(uniqueName('set-exp'));
    expect((await explicit.startRun()).experimentId).toBe(other.experimentId);
    await explicit.endRun();
    // startRun's own choice wins over everything.
    expect((await explicit.startRun({ experimentName: name })).experimentId).toBe(experiment!.experimentId);
    await explicit.endRun();

    const deletedName = uniqueName('deleted-exp');
    await client.deleteExperiment(await client.createExperiment(deletedName));
    await expect(tracking({ trackingUri: url }).startRun({ experimentName: deletedName })).rejects.toThrow(/is deleted: restore it/);
  });

  it('gets-or-creates the same experiment from many trackers at once (RESOURCE_ALREADY_EXISTS race)', async () => {
    const name = uniqueName('race');
    const trackers = Array.from({ length: 6 }, () => tracking({ trackingUri: url, experimentName: name }));
    const runs = await Promise.all(trackers.map((t) => t.startRun()));
    expect(new Set(runs.map((r) => r.experimentId)).size).toBe(1);
    await Promise.all(trackers.map((t) => t.endRun()));
    const all = (await client.searchExperiments({ filter: `name = '${name}'` })).items;
    expect(all).toHaveLength(1);
  });

  it('throws at once on invalid input and when no run is active; never for the network', async () => {
    const mlflow = tracking({ trackingUri: url, experimentName });
    expect(() => mlflow.logMetric('loss', 1)).toThrow(/no active run in this context/);
    await mlflow.startRun();
    const code = (fn: () => void): string | undefined => {
      try {
        fn();
      } catch (error) {
        return MlflowApiError.isInstance(error) ? error.errorCode : 'other';
      }
      return undefined;
    };
    expect(code(() => mlflow.logMetric('bad key!', 1))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => mlflow.logMetric('../escape', 1))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => mlflow.logMetric('loss', 1, { timestamp: NaN }))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => mlflow.logMetric('loss', 1, 1.5))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => mlflow.logMetric('loss', '1' as unknown as number))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => mlflow.setTag('', 'x'))).toBe('INVALID_PARAMETER_VALUE');
    mlflow.logParam('lr', 0.1);
    expect(code(() => mlflow.logParam('lr', 0.2))).toBe('INVALID_PARAMETER_VALUE');
    // A bad entry in logMetrics queues nothing.
    expect(code(() => mlflow.logMetrics({ fine: 1, 'not fine?': 2 }))).toBe('INVALID_PARAMETER_VALUE');
    mlflow.logMetric('nan_is_fine', NaN);
    mlflow.logMetric('inf_is_fine', Infinity);
    const run = mlflow.activeRun()!;
    await mlflow.endRun();
    const back = await client.getRun(run.runId);
    expect(Object.keys(back.data.metrics).sort()).toEqual(['inf_is_fine', 'nan_is_fine']);
    expect(back.data.params).toEqual({ lr: '0.1' });
    // endRun with nothing active is a no-op, as in MLflow.
    await expect(mlflow.endRun()).resolves.toBeUndefined();
  });

  it('uploads artifacts to the active run, and refuses use after close()', async () => {
    const mlflow = tracking({ trackingUri: url, experimentName });
    const dir = tempDir('art-');
    writeFileSync(join(dir, 'a.txt'), 'A');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.txt'), 'B');
    const run = await mlflow.startRun();
    await mlflow.logArtifact(join(dir, 'a.txt'), 'single');
    await mlflow.logArtifacts(dir, 'all');
    await mlflow.logDict({ k: 1 }, 'meta/info.json');
    await mlflow.endRun();
    const paths = async (p?: string) => (await client.listArtifacts(run.runId, p)).map((f) => f.path).sort();
    expect(await paths()).toEqual(['all', 'meta', 'single']);
    expect(await paths('all')).toEqual(['all/a.txt', 'all/sub']);
    await mlflow.close();
    await expect(mlflow.startRun()).rejects.toThrow(/closed/);
    expect(() => mlflow.logMetric('x', 1)).toThrow(/closed/);
  });

  it('uses a client it is given (and leaves it open on close)', async () => {
    const own = new MlflowClient({ trackingUri: url, env: {} });
    const mlflow = new MlflowTracking({ client: own, experimentName, journalDir: tempDir('j-'), exitHandlers: false });
    expect(mlflow.trackingUri).toBe(url);
    const run = await mlflow.startRun();
    await mlflow.endRun();
    await mlflow.close();
    expect((await own.getRun(run.runId)).info.status).toBe('FINISHED');
    await own.close();
  });
});

/**
 * Ctrl-C / SIGTERM in the middle of `kedro-mlflow run`: a real child process whose node waits, a
 * signal once the node has started; the MLflow run must end KILLED (read by Python MLflow), with
 * what was logged before it, and the command must exit 130 / 143.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireMlflowVenv, sharedMlflowServer, startFaultProxy } from '@kedro-mlflow/mlflow-test-server';
import { cliAsync, ensureBuilt, newProject, removeDir, tempDir } from './helpers.js';
import { addWaitingPipeline, pythonRuns, spawnCli, stop, waitForFile, type Spawned } from './tracking-helpers.js';

jest.setTimeout(240_000);

let work: string;
const running: Spawned[] = [];

beforeAll(() => {
  ensureBuilt();
  requireMlflowVenv();
  work = tempDir('signals');
});
afterAll(async () => {
  await Promise.all(running.map(stop));
  removeDir(work);
});

function start(project: string, args: string[]): Spawned {
  const spawned = spawnCli(['run', '--pipelines', 'waiting', ...args], project);
  running.push(spawned);
  return spawned;
}

describe('a signal during kedro-mlflow run', () => {
  it('SIGINT: exit code 130, the run ends KILLED in the embedded store with its params; --json says interrupted', async () => {
    const project = newProject(work, 'Interrupted Reviews');
    const marker = addWaitingPipeline(project);
    const spawned = start(project, ['--json', '--params', 'top_words=7']);
    await waitForFile(marker, spawned);
    spawned.child.kill('SIGINT');
    const { code } = await spawned.exited;
    const { stdout, stderr } = spawned.output();
    expect(code).toBe(130);
    const doc = JSON.parse(stdout) as { status: string; signal: string; nodes: Array<{ name: string; status: string }>; mlflow: { runId: string } };
    expect(doc).toMatchObject({ status: 'interrupted', signal: 'SIGINT', nodes: [{ name: 'wait', status: 'interrupted' }] });
    expect(stderr).toContain('Run interrupted by SIGINT');
    expect(stderr).toContain(`MLflow run: ${doc.mlflow.runId} (ended KILLED)`);
    const runs = await pythonRuns(pathToFileURL(join(project, 'mlruns')).href, 'interrupted_reviews');
    expect(runs.map((r) => [r.runId, r.status])).toEqual([[doc.mlflow.runId, 'KILLED']]);
    expect(runs[0]!.params).toEqual({ top_words: '7' });
  });

  it('SIGTERM: exit code 143, the run ends KILLED on a real MLflow server', async () => {
    const { url } = await sharedMlflowServer();
    const experiment = `signals-${randomUUID()}`;
    const project = newProject(work, 'Terminated Reviews');
    writeFileSync(join(project, 'conf', 'local', 'mlflow.yml'), `server:\n  mlflow_tracking_uri: ${url}\ntracking:\n  experiment:\n    name: ${experiment}\n`);
    const marker = addWaitingPipeline(project);
    const spawned = start(project, []);
    await waitForFile(marker, spawned);
    spawned.child.kill('SIGTERM');
    const { code } = await spawned.exited;
    expect(code).toBe(143);
    expect(spawned.output().stderr).toContain('Run interrupted by SIGTERM');
    const runs = await pythonRuns(url, experiment);
    expect(runs.map((r) => r.status)).toEqual(['KILLED']);
    expect(runs[0]!.params).toEqual({ top_words: '3' });
  });

  it('a second Ctrl-C exits at once while the first waits for a server that holds every request; the KILLED status is journaled and sent by the next run', async () => {
    const { url } = await sharedMlflowServer();
    const proxy = await startFaultProxy(url);
    const experiment = `signals-${randomUUID()}`;
    const journal = join(work, 'journal');
    try {
      const project = newProject(work, 'Impatient Reviews');
      writeFileSync(join(project, 'conf', 'local', 'mlflow.yml'), `server:\n  mlflow_tracking_uri: ${proxy.url}\ntracking:\n  experiment:\n    name: ${experiment}\n`);
      const marker = addWaitingPipeline(project);
      const spawned = spawnCli(['run', '--pipelines', 'waiting', '--json'], project, { KEDRO_MLFLOW_JOURNAL_DIR: journal });
      running.push(spawned);
      await waitForFile(marker, spawned);
      await proxy.slow(600_000);
      const before = proxy.stats.requests;
      spawned.child.kill('SIGINT');
      await proxy.waitForRequests(before + 1); // the first signal's clean-up is waiting for the server now
      spawned.child.kill('SIGINT');
      const { code } = await spawned.exited;
      expect(code).toBe(130);
      expect(spawned.output().stderr).toContain('SIGINT again: exiting now.');
      expect(spawned.output().stdout).toBe(''); // it did not wait for the first clean-up to write its summary

      await proxy.pass();
      const next = await cliAsync(['run', '--pipelines', 'reviews'], { cwd: project, env: { KEDRO_MLFLOW_JOURNAL_DIR: journal } }); // async: the proxy lives in this process
      expect(next.code).toBe(0);
      const runs = await pythonRuns(url, experiment);
      expect(runs.map((r) => r.status)).toEqual(['FINISHED', 'KILLED']);
    } finally {
      await proxy.close();
    }
  });
});

/**
 * `kedro-mlflow ui` (kedro-mlflow's test_cli.py, ui cases) with the real `mlflow ui`: it serves the
 * project's runs on mlflow.yml's host and port, flags win, from a subfolder too; a server URI is
 * printed instead; a missing MLflow gives one message with the install command.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { cli, ensureBuilt, newProject, removeDir, tempDir } from './helpers.js';
import { MLFLOW_BIN, spawnCli, stop, waitForUi, type Spawned } from './tracking-helpers.js';

jest.setTimeout(240_000);

let work: string;
let project: string;
let runId: string;
const running: Spawned[] = [];

beforeAll(() => {
  ensureBuilt();
  work = tempDir('ui');
  project = newProject(work, 'Shown Reviews');
  const res = cli(['run', '--json'], { cwd: project });
  if (res.code !== 0) throw new Error(res.stderr);
  runId = (JSON.parse(res.stdout) as { mlflow: { runId: string } }).mlflow.runId;
});
afterAll(async () => {
  await Promise.all(running.map(stop));
  removeDir(work);
});

async function searchRuns(url: string): Promise<string[]> {
  const experiments = (await (await fetch(`${url}/api/2.0/mlflow/experiments/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"max_results":100}' })).json()) as {
    experiments: Array<{ experiment_id: string }>;
  };
  const res = await fetch(`${url}/api/2.0/mlflow/runs/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_ids: experiments.experiments.map((e) => e.experiment_id) }),
  });
  return ((await res.json()) as { runs?: Array<{ info: { run_id: string } }> }).runs?.map((r) => r.info.run_id) ?? [];
}

function writeUiConfig(port: number): void {
  writeFileSync(join(project, 'conf', 'local', 'mlflow.yml'), `ui:\n  port: ${port}\n  host: 127.0.0.1\n`);
}

describe('kedro-mlflow ui', () => {
  it.each([
    ['the project root', ''],
    ['a subfolder', 'src'],
  ])("from %s, serves the project's mlruns store on mlflow.yml's host and port", async (_label, sub) => {
    const port = await freePort();
    writeUiConfig(port);
    const spawned = spawnCli(['ui'], join(project, sub), { MLFLOW_BIN: MLFLOW_BIN() });
    running.push(spawned);
    const url = `http://127.0.0.1:${port}`;
    await waitForUi(url, spawned);
    expect(spawned.output().stderr).toContain(`MLflow UI for file://${join(project, 'mlruns')} on ${url}`);
    expect(await searchRuns(url)).toEqual([runId]);
    spawned.child.kill('SIGINT');
    const { code } = await spawned.exited;
    expect([0, 130]).toContain(code);
  });

  it('--host and --port win over mlflow.yml', async () => {
    const [configured, given] = [await freePort(), await freePort()];
    writeUiConfig(configured);
    const spawned = spawnCli(['ui', '--host', '127.0.0.1', '--port', String(given)], project, { MLFLOW_BIN: MLFLOW_BIN() });
    running.push(spawned);
    await waitForUi(`http://127.0.0.1:${given}`, spawned);
    expect(spawned.output().stderr).toContain(`on http://127.0.0.1:${given}`);
    await expect(fetch(`http://127.0.0.1:${configured}/health`)).rejects.toThrow();
    await stop(spawned);
  });

  it("finds the MLflow venv the checkout's bootstrap made (no MLFLOW_BIN, no mlflow on PATH)", async () => {
    const cache = join(work, 'bootstrap-cache');
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'current-mlflow'), `${dirname(dirname(MLFLOW_BIN()))}\n`);
    const port = await freePort();
    const path = (process.env.PATH ?? '').split(':').filter((dir) => !existsSync(join(dir, 'mlflow'))).join(':');
    const spawned = spawnCli(['ui', '--port', String(port)], project, { MLFLOW_BIN: undefined, PATH: path, KEDRO_MLFLOW_CACHE: cache });
    running.push(spawned);
    const url = `http://127.0.0.1:${port}`;
    await waitForUi(url, spawned);
    expect(await searchRuns(url)).toEqual([runId]);
    await stop(spawned);
  });

  it('without MLflow: one message with the command that installs it, exit code 1', () => {
    const res = cli(['ui'], { cwd: project, env: { MLFLOW_BIN: join(work, 'no-such-mlflow') } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('MLflow is not installed');
    expect(res.stderr).toContain('`python3 -m pip install mlflow`');
    expect(res.stderr.trim().split('\n').filter((line) => line.startsWith('Error:'))).toHaveLength(1);
  });

  it('a bad --port is refused before anything starts', () => {
    const res = cli(['ui', '--port', '99999'], { cwd: project, env: { MLFLOW_BIN: join(work, 'no-such-mlflow') } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Invalid value for '--port': '99999' is not a port number (1-65535).");
  });

  it('a tracking server already has its UI: its address is printed and no mlflow is started', async () => {
    const { url } = await sharedMlflowServer();
    const served = newProject(work, 'Served Reviews', ['--no-example']);
    writeFileSync(join(served, 'conf', 'local', 'mlflow.yml'), `server:\n  mlflow_tracking_uri: ${url}\n`);
    const res = cli(['ui'], { cwd: served, env: { MLFLOW_BIN: join(work, 'no-such-mlflow') } });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`${url}\n`);
    expect(res.stderr).toContain(`on the MLflow server ${url}`);
  });
});

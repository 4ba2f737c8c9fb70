/**
 * `kedro-mlflow ui --env <env>` reads mlflow.yml from that environment (over conf/base), not from
 * conf/local: the real `mlflow ui` listens on the environment's host and port.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@kedro-mlflow/mlflow-test-server';
import { ensureBuilt, newProject, removeDir, tempDir } from './helpers.js';
import { MLFLOW_BIN, spawnCli, stop, waitForUi, type Spawned } from './tracking-helpers.js';

jest.setTimeout(240_000);

let work: string;
const running: Spawned[] = [];
beforeAll(() => {
  ensureBuilt();
  work = tempDir('ui-env');
});
afterAll(async () => {
  await Promise.all(running.map(stop));
  removeDir(work);
});

it("--env prod serves on conf/prod/mlflow.yml's port, and conf/local's is left alone", async () => {
  const project = newProject(work, 'Env Reviews', ['--no-example']);
  const [local, prod] = [await freePort(), await freePort()];
  writeFileSync(join(project, 'conf', 'local', 'mlflow.yml'), `ui:\n  port: ${local}\n  host: 127.0.0.1\n`);
  mkdirSync(join(project, 'conf', 'prod'), { recursive: true });
  writeFileSync(join(project, 'conf', 'prod', 'mlflow.yml'), `ui:\n  port: "${prod}"\n  host: 127.0.0.1\n`);
  const spawned = spawnCli(['ui', '--env', 'prod'], project, { MLFLOW_BIN: MLFLOW_BIN() });
  running.push(spawned);
  await waitForUi(`http://127.0.0.1:${prod}`, spawned);
  expect(spawned.output().stderr).toContain(`on http://127.0.0.1:${prod}`);
  await expect(fetch(`http://127.0.0.1:${local}/health`)).rejects.toThrow();
  await stop(spawned);
});

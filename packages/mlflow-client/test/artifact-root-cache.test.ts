/**
 * A run's artifact root is known from the run's creation (or any read of the run): its uploads
 * need no `runs/get` of their own. The store is the real REST store against a real server; the spy
 * only counts its getRun calls and lets them through.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from './contract/helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('the artifact root of a run', () => {
  let url: string;
  let serverArtifacts: string;
  let experimentId: string;
  let work: string;
  const clients: MlflowClient[] = [];
  const newClient = (): MlflowClient => {
    const client = new MlflowClient({ trackingUri: url, env: {} });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    ({ url, artifactsDir: serverArtifacts } = await sharedMlflowServer());
    experimentId = await newClient().createExperiment(uniqueName('artifact-root'));
    work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-artifact-root-'));
    writeFileSync(join(work, 'a.txt'), 'a');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    rmSync(work, { recursive: true, force: true });
  });

  it('comes from createRun: uploads to the new run ask no runs/get', async () => {
    const client = newClient();
    const run = await client.createRun(experimentId);
    const getRun = jest.spyOn(client.trackingStore, 'getRun');
    await client.logArtifact(run.info.runId, join(work, 'a.txt'));
    await client.logArtifact(run.info.runId, join(work, 'a.txt'), 'again');
    expect(getRun).not.toHaveBeenCalled();
    expect(readFileSync(join(serverArtifacts, experimentId, run.info.runId, 'artifacts', 'again', 'a.txt'), 'utf8')).toBe('a');
  });

  it('comes from getRun for a run made elsewhere, and is looked up once otherwise', async () => {
    const run = await newClient().createRun(experimentId);
    const reader = newClient();
    await reader.getRun(run.info.runId);
    const afterRead = jest.spyOn(reader.trackingStore, 'getRun');
    await reader.logArtifact(run.info.runId, join(work, 'a.txt'));
    expect(afterRead).not.toHaveBeenCalled();

    const fresh = newClient();
    const lookups = jest.spyOn(fresh.trackingStore, 'getRun');
    await Promise.all([fresh.logArtifact(run.info.runId, join(work, 'a.txt'), 'x'), fresh.logArtifact(run.info.runId, join(work, 'a.txt'), 'y')]);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect((await fresh.listArtifacts(run.info.runId)).map((f) => f.path).sort()).toEqual(['a.txt', 'x', 'y']);
  });
});

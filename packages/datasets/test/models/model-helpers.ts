/** Shared by the model dataset tests: tracking targets (the real server and an embedded mlruns folder), runs, Python checks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlflowClient, MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { runInMlflowScope } from '../../src/mlflow/run-scope.js';

export const LINEAR_FLAVOR = './test/models/fixtures/linear-flavor.ts#LinearFlavor';
export const PACKAGE_DIR = join(__dirname, '..', '..');

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}`;
}

export interface Target {
  kind: 'server' | 'mlruns';
  uri: string;
  client: MlflowClient;
  experimentId: string;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A tracking URI with a fresh experiment; MLFLOW_TRACKING_URI / MLFLOW_EXPERIMENT_ID point at it until `restore()`. */
export async function useTarget(kind: Target['kind']): Promise<Target & { restore(): Promise<void> }> {
  let uri: string;
  if (kind === 'server') uri = (await sharedMlflowServer()).url;
  else {
    const dir = mkdtempSync(join(tmpdir(), 'kedro-mlflow-mlruns-'));
    made.push(dir);
    uri = join(dir, 'mlruns');
  }
  const client = new MlflowClient({ trackingUri: uri });
  const experimentId = await client.createExperiment(uniqueName('models'));
  const saved = { uri: process.env.MLFLOW_TRACKING_URI, experiment: process.env.MLFLOW_EXPERIMENT_ID };
  process.env.MLFLOW_TRACKING_URI = uri;
  process.env.MLFLOW_EXPERIMENT_ID = experimentId;
  const restore = async (): Promise<void> => {
    for (const [key, value] of [['MLFLOW_TRACKING_URI', saved.uri], ['MLFLOW_EXPERIMENT_ID', saved.experiment]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await client.close();
  };
  return { kind, uri, client, experimentId, restore };
}

/** Runs `fn` as a pipeline run would: inside the MLflow scope of a new run of `target`'s experiment. */
export async function inPipelineRun<T>(target: Target, fn: (runId: string) => Promise<T>): Promise<T> {
  const run = await target.client.createRun(target.experimentId);
  const tracking = new MlflowTracking({ client: target.client, exitHandlers: false, journalDir: false });
  try {
    return await runInMlflowScope({ enabled: true, run: { runId: run.info.runId, experimentId: target.experimentId, tracking } }, () => fn(run.info.runId));
  } finally {
    await tracking.close();
    await target.client.setTerminated(run.info.runId);
  }
}

/** Inside a pipeline run whose tracking mlflow.yml disabled. */
export function inDisabledPipelineRun<T>(fn: () => Promise<T>): Promise<T> {
  return runInMlflowScope({ enabled: false }, fn);
}

export async function runIds(target: Target): Promise<string[]> {
  return (await target.client.searchRuns(target.experimentId)).items.map((r) => r.info.runId).sort();
}

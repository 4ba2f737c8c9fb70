/** The setup of test blocks that reach the shared MLflow server through a fresh fault proxy per test. */
import { sharedMlflowServer, startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { closeAll } from './helpers.js';

export interface ProxiedServer {
  /** A new proxy for each test (closed after it, with every tracking object of the test). */
  readonly proxy: FaultProxy;
  /** A direct client of the shared server, to check what arrived. */
  readonly client: MlflowClient;
  /** An experiment of this block. */
  readonly experimentId: string;
}

/** Registers the hooks of the current `describe` block and returns what they set up. */
export function useProxiedServer(experimentPrefix: string): ProxiedServer {
  let proxy: FaultProxy | undefined;
  let client: MlflowClient | undefined;
  let experimentId: string | undefined;
  beforeAll(async () => {
    client = new MlflowClient({ trackingUri: (await sharedMlflowServer()).url, env: {} });
    experimentId = await client.createExperiment(uniqueName(experimentPrefix));
  }, 120_000);
  beforeEach(async () => {
    proxy = await startFaultProxy((await sharedMlflowServer()).url);
  });
  afterEach(async () => {
    await closeAll();
    await proxy?.close();
  });
  afterAll(async () => {
    await client?.close();
  });
  return {
    get proxy() {
      return proxy!;
    },
    get client() {
      return client!;
    },
    get experimentId() {
      return experimentId!;
    },
  };
}

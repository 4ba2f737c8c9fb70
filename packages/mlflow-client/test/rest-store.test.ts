import { RestStore } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { defineTrackingStoreContract } from './contract/tracking-store-contract.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('RestStore against a real MLflow server', () => {
  const stores: RestStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  defineTrackingStoreContract('RestStore', async () => {
    const { url } = await sharedMlflowServer();
    const store = new RestStore(url, { maxRetries: 2, backoffFactorMs: 50, backoffJitterMs: 10 });
    stores.push(store);
    return store;
  });
});

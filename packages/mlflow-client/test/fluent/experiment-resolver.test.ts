/** Experiment choice and get-or-create over a FileStore (no server), including a lost creation race. */
import { join } from 'node:path';
import { FileStore, MlflowApiError, MlflowClient, type TrackingStore } from '@kedro-mlflow/mlflow-client';
import { ExperimentResolver } from '../../src/fluent/experiment-resolver.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

function setup(): { store: FileStore; client: MlflowClient; creates: string[]; loseNextRace: () => void } {
  const store = new FileStore(join(tempDir('mlruns-'), 'mlruns'));
  const creates: string[] = [];
  let lose = false;
  // Another process creates the experiment between our lookup and our create.
  const racing: TrackingStore = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'createExperiment') {
        return async (name: string, options?: object) => {
          creates.push(name);
          if (lose) {
            lose = false;
            await target.createExperiment(name, options);
            throw new MlflowApiError({ errorCode: 'RESOURCE_ALREADY_EXISTS', message: `Experiment '${name}' already exists.` });
          }
          return target.createExperiment(name, options);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const client = new MlflowClient({ trackingUri: store.trackingUri, trackingStore: racing, registryStore: store, env: {} });
  return { store, client, creates, loseNextRace: () => (lose = true) };
}

describe('ExperimentResolver', () => {
  it('reads back the winner when another process created the experiment first', async () => {
    const { client, creates, loseNextRace } = setup();
    const resolver = new ExperimentResolver(client, { experimentName: 'contested' }, {});
    loseNextRace();
    const id = await resolver.resolve();
    expect(creates).toEqual(['contested']);
    expect((await client.getExperimentByName('contested'))?.experimentId).toBe(id);
    // Remembered: no second lookup or create.
    expect(await resolver.resolve()).toBe(id);
    expect(creates).toEqual(['contested']);
  });

  it('picks startRun’s choice, then its own, then MLFLOW_EXPERIMENT_NAME/ID, then the Default experiment', async () => {
    const { client } = setup();
    const a = await client.createExperiment('a');
    expect(await new ExperimentResolver(client, {}, {}).resolve()).toBe('0');
    expect(await new ExperimentResolver(client, {}, { MLFLOW_EXPERIMENT_ID: a }).resolve()).toBe(a);
    const fromEnv = await new ExperimentResolver(client, {}, { MLFLOW_EXPERIMENT_NAME: 'from-env' }).resolve();
    expect((await client.getExperiment(fromEnv)).name).toBe('from-env');
    const own = new ExperimentResolver(client, { experimentName: 'own' }, { MLFLOW_EXPERIMENT_NAME: 'from-env' });
    const ownId = await own.resolve();
    expect((await client.getExperiment(ownId)).name).toBe('own');
    expect(await own.resolve({ experimentId: a })).toBe(a);
    own.setDefault({ experimentId: a });
    expect(await own.resolve()).toBe(a);
  });

  it('does not remember a failure: the next run tries again', async () => {
    const { client } = setup();
    const resolver = new ExperimentResolver(client, {}, {});
    const id = await client.createExperiment('gone');
    await client.deleteExperiment(id);
    await expect(resolver.resolve({ experimentName: 'gone' })).rejects.toThrow(/is deleted: restore it/);
    await client.restoreExperiment(id);
    expect(await resolver.resolve({ experimentName: 'gone' })).toBe(id);
  });
});

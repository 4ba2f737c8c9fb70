/** MLflow 3 logged models and run outputs, for any store (see tracking-store-contract.ts). */
import { allPages, apiError, uniqueName, type ContractStore } from './helpers.js';

export function loggedModelContract(context: () => { store: ContractStore; experimentId: string }, timeout: number): void {
  describe('logged models', () => {
    it('creates a pending model, links it to a run, finalizes it', async () => {
      const { store, experimentId } = context();
      const run = await store.createRun({ experimentId });
      const runId = run.info.runId;
      const name = uniqueName('model');
      const model = await store.createLoggedModel({ experimentId, name, modelType: 'sklearn', sourceRunId: runId, params: { alpha: '0.5' }, tags: { owner: 'me' } });
      expect(model.modelId).toMatch(/^m-[0-9a-f]{32}$/);
      expect(model).toMatchObject({ experimentId, name, status: 'LOGGED_MODEL_PENDING', sourceRunId: runId, modelType: 'sklearn', params: { alpha: '0.5' } });
      expect(model.tags).toMatchObject({ owner: 'me' });
      expect(model.artifactUri).toContain(model.modelId);
      expect(model.creationTimestamp).toBeGreaterThan(0);

      await store.logOutputs(runId, [{ modelId: model.modelId, step: 3 }]);
      expect((await store.getRun(runId)).outputs.modelOutputs).toEqual([{ modelId: model.modelId, step: 3 }]);

      const ready = await store.finalizeLoggedModel(model.modelId, 'LOGGED_MODEL_READY');
      expect(ready.status).toBe('LOGGED_MODEL_READY');
      expect((await store.getLoggedModel(model.modelId)).status).toBe('LOGGED_MODEL_READY');
    }, timeout);

    it('links metrics logged with a model id to the model', async () => {
      const { store, experimentId } = context();
      const run = await store.createRun({ experimentId });
      const model = await store.createLoggedModel({ experimentId, name: uniqueName('withmetrics'), sourceRunId: run.info.runId });
      await store.logBatch(run.info.runId, { metrics: [{ key: 'rmse', value: 0.75, timestamp: 123, step: 1, modelId: model.modelId }] });
      const read = await store.getLoggedModel(model.modelId);
      expect(read.metrics.map((m) => [m.key, m.value, m.step, m.modelId])).toEqual([['rmse', 0.75, 1, model.modelId]]);
      const history = (await store.getMetricHistory(run.info.runId, 'rmse')).items;
      expect(history.map((m) => m.value)).toEqual([0.75]);
    }, timeout);

    it('sets and deletes tags, logs params', async () => {
      const { store, experimentId } = context();
      const model = await store.createLoggedModel({ experimentId, name: uniqueName('tags') });
      await store.setLoggedModelTags(model.modelId, { a: '1', b: '2' });
      await store.deleteLoggedModelTag(model.modelId, 'a');
      await store.logLoggedModelParams(model.modelId, { p: 'x' });
      const read = await store.getLoggedModel(model.modelId);
      expect(read.tags).toMatchObject({ b: '2' });
      expect(read.tags).not.toHaveProperty('a');
      expect(read.params).toEqual({ p: 'x' });
      expect((await apiError(store.deleteLoggedModelTag(model.modelId, 'never'))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    }, timeout);

    it('searches by experiment and filter, with pages', async () => {
      const { store } = context();
      const expId = await store.createExperiment(uniqueName('lm-search'));
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await store.createLoggedModel({ experimentId: expId, name: `m${i}` })).modelId);
      const all = await allPages((pageToken) => store.searchLoggedModels({ experimentIds: [expId], maxResults: 2, ...(pageToken ? { pageToken } : {}) }));
      expect(all.pages).toBe(2);
      expect(all.items.map((m) => m.modelId).sort()).toEqual([...ids].sort());
      const named = await store.searchLoggedModels({ experimentIds: [expId], filter: "name = 'm2'" });
      expect(named.items.map((m) => m.modelId)).toEqual([ids[2]]);
      // (MLflow's SQL store compares `status` filters with the enum's number; not part of the contract.)
      expect((await store.searchLoggedModels({ experimentIds: [expId], filter: "name = 'nope'" })).items).toEqual([]);
    }, timeout);

    it('deletes a model; an unknown or deleted id is RESOURCE_DOES_NOT_EXIST', async () => {
      const { store, experimentId } = context();
      const model = await store.createLoggedModel({ experimentId, name: uniqueName('gone') });
      await store.deleteLoggedModel(model.modelId);
      expect((await apiError(store.getLoggedModel(model.modelId))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      expect((await apiError(store.getLoggedModel('m-0123456789abcdef0123456789abcdef'))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    }, timeout);
  });
}

/** The model registry, for any store (see tracking-store-contract.ts). */
import { MlflowApiError } from '@kedro-mlflow/mlflow-client';
import { allPages, apiError, uniqueName, type ContractStore } from './helpers.js';

export function registryContract(context: () => { store: ContractStore; experimentId: string }, timeout: number): void {
  describe('model registry', () => {
    /** A registered model with `count` versions made from one run's `model` folder. */
    async function modelWithVersions(count: number): Promise<{ name: string; runId: string; source: string }> {
      const { store, experimentId } = context();
      const run = await store.createRun({ experimentId });
      const name = uniqueName('reg');
      await store.createRegisteredModel(name, { tags: { team: 'a' }, description: 'first' });
      const source = `${run.info.artifactUri}/model`;
      for (let i = 0; i < count; i += 1) await store.createModelVersion({ name, source, runId: run.info.runId, tags: { i: String(i) } });
      return { name, runId: run.info.runId, source };
    }

    it('creates a registered model and numbered versions from a run', async () => {
      const { store } = context();
      const { name, runId, source } = await modelWithVersions(2);
      const model = await store.getRegisteredModel(name);
      expect(model).toMatchObject({ name, description: 'first', tags: { team: 'a' }, aliases: {} });
      expect(model.creationTimestamp).toBeGreaterThan(0);
      const v2 = await store.getModelVersion(name, '2');
      expect(v2).toMatchObject({ name, version: '2', runId, source, status: 'READY', currentStage: 'None', tags: { i: '1' }, aliases: [] });
      expect((await apiError(store.createRegisteredModel(name))).errorCode).toBe('RESOURCE_ALREADY_EXISTS');
      expect((await apiError(store.getModelVersion(name, '99'))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      expect((await apiError(store.getRegisteredModel(uniqueName('none')))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    }, timeout);

    it('sets, reads, moves and deletes aliases', async () => {
      const { store } = context();
      const { name } = await modelWithVersions(2);
      await store.setRegisteredModelAlias(name, 'champion', '1');
      expect((await store.getModelVersionByAlias(name, 'champion')).version).toBe('1');
      await store.setRegisteredModelAlias(name, 'champion', '2');
      await store.setRegisteredModelAlias(name, 'old', '1');
      expect((await store.getModelVersionByAlias(name, 'champion')).version).toBe('2');
      expect((await store.getRegisteredModel(name)).aliases).toEqual({ champion: '2', old: '1' });
      expect((await store.getModelVersion(name, '2')).aliases).toEqual(['champion']);
      await store.deleteRegisteredModelAlias(name, 'old');
      expect((await store.getRegisteredModel(name)).aliases).toEqual({ champion: '2' });
      // The SQL store answers INVALID_PARAMETER_VALUE for a missing alias, the file store RESOURCE_DOES_NOT_EXIST.
      expect(['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST']).toContain((await apiError(store.getModelVersionByAlias(name, 'old'))).errorCode);
    }, timeout);

    it('sets and deletes tags and descriptions on models and versions', async () => {
      const { store } = context();
      const { name } = await modelWithVersions(1);
      await store.setRegisteredModelTag(name, 'k', 'v');
      await store.deleteRegisteredModelTag(name, 'team');
      await store.setModelVersionTag(name, '1', 'vk', 'vv');
      await store.deleteModelVersionTag(name, '1', 'i');
      expect((await store.updateRegisteredModel(name, 'second')).description).toBe('second');
      expect((await store.updateModelVersion(name, '1', 'v-desc')).description).toBe('v-desc');
      const model = await store.getRegisteredModel(name);
      expect(model.tags).toEqual({ k: 'v' });
      expect(model.description).toBe('second');
      expect((await store.getModelVersion(name, '1')).tags).toEqual({ vk: 'vv' });
    }, timeout);

    it('searches models and versions, with pages', async () => {
      const { store } = context();
      const { name } = await modelWithVersions(3);
      const other = await modelWithVersions(1);
      const found = await store.searchRegisteredModels({ filter: `name = '${name}'` });
      expect(found.items.map((m) => m.name)).toEqual([name]);
      const like = await allPages((pageToken) => store.searchRegisteredModels({ filter: `name LIKE '${name.slice(0, -5)}%'`, maxResults: 1, ...(pageToken ? { pageToken } : {}) }));
      expect(like.items.map((m) => m.name)).toContain(name);
      const versions = await allPages((pageToken) => store.searchModelVersions({ filter: `name = '${name}'`, maxResults: 2, ...(pageToken ? { pageToken } : {}) }));
      expect(versions.items.map((v) => v.version).sort()).toEqual(['1', '2', '3']);
      expect(versions.pages).toBe(2);
      const byRun = await store.searchModelVersions({ filter: `run_id = '${other.runId}'` });
      expect(byRun.items.map((v) => [v.name, v.version])).toEqual([[other.name, '1']]);
    }, timeout);

    it('gives latest versions per stage, transitions stages, and a download URI', async () => {
      const { store } = context();
      const { name, source } = await modelWithVersions(3);
      expect((await store.getLatestVersions(name)).map((v) => v.version)).toEqual(['3']);
      const staged = await store.transitionModelVersionStage(name, '2', 'Staging');
      expect(staged.currentStage).toBe('Staging');
      expect((await store.getLatestVersions(name, ['Staging'])).map((v) => v.version)).toEqual(['2']);
      const latest = await store.getLatestVersions(name);
      expect(latest.map((v) => [v.currentStage, v.version]).sort()).toEqual([
        ['None', '3'],
        ['Staging', '2'],
      ]);
      expect(await store.getModelVersionDownloadUri(name, '1')).toBe(source);
    }, timeout);

    it('renames, deletes versions and models', async () => {
      const { store } = context();
      const { name } = await modelWithVersions(2);
      const newName = uniqueName('renamed');
      expect((await store.renameRegisteredModel(name, newName)).name).toBe(newName);
      expect((await store.getModelVersion(newName, '2')).name).toBe(newName);
      expect(MlflowApiError.isNotFound(await apiError(store.getRegisteredModel(name)))).toBe(true);
      await store.deleteModelVersion(newName, '1');
      expect((await apiError(store.getModelVersion(newName, '1'))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      expect((await store.getModelVersion(newName, '2')).version).toBe('2');
      await store.deleteRegisteredModel(newName);
      expect((await apiError(store.getRegisteredModel(newName))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    }, timeout);
  });
}


import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanupTempDirs, codeOf, errorOf, newStore, read } from './helpers.js';

afterAll(cleanupTempDirs);

async function setup() {
  const { store, root } = newStore();
  const experimentId = await store.createExperiment('models');
  const { runId } = (await store.createRun({ experimentId })).info;
  return { store, root, experimentId, runId };
}

describe('FileStore: logged models', () => {
  it('creates a PENDING model under <exp>/models/<m-…> with meta.yaml as MLflow 3.17 writes it', async () => {
    const { store, root, experimentId, runId } = await setup();
    const model = await store.createLoggedModel({ experimentId, name: 'clf', modelType: 'sklearn', sourceRunId: runId, params: { alpha: '0.5' }, tags: { owner: 'me' } });
    expect(model.modelId).toMatch(/^m-[0-9a-f]{32}$/);
    const dir = join(root, experimentId, 'models', model.modelId);
    expect(model).toEqual({
      modelId: model.modelId,
      experimentId,
      name: 'clf',
      artifactUri: pathToFileURL(join(dir, 'artifacts')).href,
      status: 'LOGGED_MODEL_PENDING',
      creationTimestamp: model.creationTimestamp,
      lastUpdatedTimestamp: model.creationTimestamp,
      modelType: 'sklearn',
      sourceRunId: runId,
      tags: { owner: 'me' },
      params: { alpha: '0.5' },
      metrics: [],
      registrations: [],
    });
    expect(read(join(dir, 'meta.yaml'))).toBe(
      [
        `artifact_location: ${model.artifactUri}`,
        `creation_timestamp: ${model.creationTimestamp}`,
        `experiment_id: '${experimentId}'`,
        `last_updated_timestamp: ${model.creationTimestamp}`,
        'lifecycle_stage: active',
        `model_id: ${model.modelId}`,
        'model_type: sklearn',
        'name: clf',
        `source_run_id: ${runId}`,
        'status: 1',
        'status_message: null',
        '',
      ].join('\n'),
    );
    expect(read(join(dir, 'params', 'alpha'))).toBe('0.5');
    expect(read(join(dir, 'tags', 'owner'))).toBe('me');
    expect(readdirSync(dir).sort()).toEqual(['meta.yaml', 'metrics', 'params', 'tags']);
  });

  it('gives a random name, validates names and the experiment', async () => {
    const { store, experimentId } = await setup();
    expect((await store.createLoggedModel({ experimentId })).name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    for (const name of ['a/b', 'a.b', 'a:b', 'a%b', "a'b", '']) expect(await codeOf(store.createLoggedModel({ experimentId, name }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.createLoggedModel({ experimentId: '4040' }))).toBe('RESOURCE_DOES_NOT_EXIST');
    const gone = await store.createExperiment('gone');
    await store.deleteExperiment(gone);
    expect(await codeOf(store.createLoggedModel({ experimentId: gone }))).toBe('INVALID_STATE');
  });

  it('finalizes (status 2 READY / 3 FAILED on disk), accepting wire or Python status names', async () => {
    const { store, root, experimentId } = await setup();
    const { modelId } = await store.createLoggedModel({ experimentId, name: 'f' });
    const ready = await store.finalizeLoggedModel(modelId, 'LOGGED_MODEL_READY');
    expect(ready.status).toBe('LOGGED_MODEL_READY');
    expect(read(join(root, experimentId, 'models', modelId, 'meta.yaml'))).toContain('status: 2\n');
    expect((await store.finalizeLoggedModel(modelId, 'FAILED' as never)).status).toBe('LOGGED_MODEL_UPLOAD_FAILED');
    expect(read(join(root, experimentId, 'models', modelId, 'meta.yaml'))).toContain('status: 3\n');
    expect(await codeOf(store.finalizeLoggedModel(modelId, 'DONE' as never))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('links metrics logged with a model id: run line + model line carrying the run id; latest per dataset', async () => {
    const { store, root, experimentId, runId } = await setup();
    const { modelId } = await store.createLoggedModel({ experimentId, name: 'm' });
    await store.logMetric(runId, { key: 'acc', value: 0.5, timestamp: 10, step: 1, modelId });
    await store.logBatch(runId, {
      metrics: [
        { key: 'acc', value: 0.7, timestamp: 11, step: 2, modelId },
        { key: 'acc', value: 0.6, timestamp: 12, step: 2, modelId, datasetName: 'test', datasetDigest: 'd1' },
      ],
    });
    expect(read(join(root, experimentId, runId, 'metrics', 'acc'))).toBe('10 0.5 1\n11 0.7 2\n12 0.6 2 test d1\n');
    expect(read(join(root, experimentId, 'models', modelId, 'metrics', 'acc'))).toBe(`10 0.5 1 ${runId}\n11 0.7 2 ${runId}\n12 0.6 2 ${runId} test d1\n`);
    const model = await store.getLoggedModel(modelId);
    expect(model.metrics.map((m) => [m.value, m.datasetName ?? null, m.runId, m.modelId])).toEqual([
      [0.7, null, runId, modelId],
      [0.6, 'test', runId, modelId],
    ]);
    expect(await codeOf(store.logMetric(runId, { key: 'acc', value: 1, timestamp: 1, step: 0, modelId: 'm-00000000000000000000000000000000' }))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('sets and deletes tags, logs params; missing tag and unknown model are RESOURCE_DOES_NOT_EXIST', async () => {
    const { store, experimentId } = await setup();
    const { modelId } = await store.createLoggedModel({ experimentId, name: 't' });
    await store.setLoggedModelTags(modelId, { a: '1', 'b/c': '2' });
    await store.logLoggedModelParams(modelId, { p: 'x' });
    await store.deleteLoggedModelTag(modelId, 'a');
    const model = await store.getLoggedModel(modelId);
    expect(model.tags).toEqual({ 'b/c': '2' });
    expect(model.params).toEqual({ p: 'x' });
    const e = await errorOf(store.deleteLoggedModelTag(modelId, 'a'));
    expect(e.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.setLoggedModelTags(modelId, { '../x': '1' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.getLoggedModel('m-ffffffffffffffffffffffffffffffff'))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.getLoggedModel('../../etc'))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('deletes softly: hidden unless allowDeleted, excluded from searches', async () => {
    const { store, root, experimentId } = await setup();
    const { modelId } = await store.createLoggedModel({ experimentId, name: 'd' });
    await store.deleteLoggedModel(modelId);
    expect(read(join(root, experimentId, 'models', modelId, 'meta.yaml'))).toContain('lifecycle_stage: deleted');
    expect(await codeOf(store.getLoggedModel(modelId))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await store.getLoggedModel(modelId, { allowDeleted: true })).modelId).toBe(modelId);
    expect((await store.searchLoggedModels({ experimentIds: [experimentId] })).items).toEqual([]);
    expect(await codeOf(store.deleteLoggedModel(modelId))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(existsSync(join(root, experimentId, 'models', modelId))).toBe(true);
  });

  it('searches by filter (attributes, params, tags, metrics, datasets), orders and pages', async () => {
    const { store, experimentId, runId } = await setup();
    const make = async (name: string, acc: number, type: string) => {
      const m = await store.createLoggedModel({ experimentId, name, modelType: type, params: { depth: String(name.length) }, tags: { t: type } });
      await store.logMetric(runId, { key: 'acc', value: acc, timestamp: Date.now(), step: 0, modelId: m.modelId, datasetName: 'val', datasetDigest: 'v1' });
      await new Promise((r) => setTimeout(r, 3));
      return m.modelId;
    };
    const a = await make('alpha', 0.8, 'sk');
    const b = await make('beta', 0.9, 'torch');
    const c = await make('gamma', 0.7, 'sk');
    await store.finalizeLoggedModel(b, 'LOGGED_MODEL_READY');
    const ids = async (filter?: string, orderBy?: Array<{ fieldName: string; ascending?: boolean }>, datasets?: Array<{ datasetName: string }>) =>
      (await store.searchLoggedModels({ experimentIds: [experimentId], ...(filter ? { filter } : {}), ...(orderBy ? { orderBy } : {}), ...(datasets ? { datasets } : {}) })).items.map((m) => m.modelId);
    expect(await ids()).toEqual([c, b, a]);
    expect(await ids("name = 'beta'")).toEqual([b]);
    expect(await ids("model_type = 'sk'")).toEqual([c, a]);
    expect(await ids("status = 'READY'")).toEqual([b]);
    expect(await ids("status = 'LOGGED_MODEL_PENDING'")).toEqual([c, a]);
    expect(await ids('metrics.acc >= 0.8')).toEqual([b, a]);
    expect(await ids("params.depth = '5' AND tags.t = 'sk'")).toEqual([c, a]);
    expect(await ids(undefined, [{ fieldName: 'metrics.acc', ascending: false }])).toEqual([b, a, c]);
    expect(await ids(undefined, [{ fieldName: 'name' }])).toEqual([a, b, c]);
    expect(await ids(undefined, undefined, [{ datasetName: 'val' }])).toEqual([c, b, a]);
    expect(await ids(undefined, undefined, [{ datasetName: 'other' }])).toEqual([]);
    const page1 = await store.searchLoggedModels({ experimentIds: [experimentId], maxResults: 2 });
    const page2 = await store.searchLoggedModels({ experimentIds: [experimentId], maxResults: 2, pageToken: page1.nextPageToken! });
    expect([...page1.items, ...page2.items].map((m) => m.modelId)).toEqual([c, b, a]);
    expect(page2.nextPageToken).toBeUndefined();
    expect(await codeOf(store.searchLoggedModels({ experimentIds: [experimentId], filter: 'nope = 1' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.searchLoggedModels({ experimentIds: [experimentId], orderBy: [{ fieldName: 'params.depth' }] }))).toBe('INVALID_PARAMETER_VALUE');
  });
});

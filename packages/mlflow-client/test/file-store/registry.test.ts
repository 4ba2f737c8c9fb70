import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTempDirs, codeOf, errorOf, newStore, read } from './helpers.js';

afterAll(cleanupTempDirs);

async function setup() {
  const { store, root } = newStore();
  const experimentId = await store.createExperiment('reg');
  const { runId, artifactUri } = (await store.createRun({ experimentId })).info;
  return { store, root, experimentId, runId, artifactUri };
}

describe('FileStore: registered models', () => {
  it('creates models/<name>/meta.yaml with the keys MLflow writes; duplicate → RESOURCE_ALREADY_EXISTS', async () => {
    const { store, root } = await setup();
    const model = await store.createRegisteredModel('churn', { tags: { team: 'ml' }, description: 'desc' });
    expect(model).toEqual({
      name: 'churn', creationTimestamp: model.creationTimestamp, lastUpdatedTimestamp: model.creationTimestamp,
      description: 'desc', latestVersions: [], tags: { team: 'ml' }, aliases: {},
    });
    expect(read(join(root, 'models', 'churn', 'meta.yaml'))).toBe(
      `aliases: {}\ncreation_timestamp: ${model.creationTimestamp}\ndeployment_job_id: null\ndeployment_job_state: null\ndescription: desc\nlast_updated_timestamp: ${model.creationTimestamp}\nname: churn\nworkspace: default\n`,
    );
    expect(read(join(root, 'models', 'churn', 'tags', 'team'))).toBe('ml');
    const dup = await errorOf(store.createRegisteredModel('churn'));
    expect(dup.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
    expect(dup.message).toBe('Registered Model (name=churn) already exists.');
    for (const bad of ['', 'a/b', 'a\\b', '..', '.', '50%']) expect(await codeOf(store.createRegisteredModel(bad))).toBe('INVALID_PARAMETER_VALUE');
    expect(readdirSync(join(root, 'models'))).toEqual(['churn']);
    const missing = await errorOf(store.getRegisteredModel('nope'));
    expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(missing.message).toBe('Registered Model with name=nope not found');
  });

  it('creates numbered READY versions; a models:/m-… source resolves storage_location and run id; the model gets mlflow.modelVersions', async () => {
    const { store, root, experimentId, runId, artifactUri } = await setup();
    await store.createRegisteredModel('m');
    const logged = await store.createLoggedModel({ experimentId, name: 'lm', sourceRunId: runId });
    const v1 = await store.createModelVersion({ name: 'm', source: `models:/${logged.modelId}`, modelId: logged.modelId, tags: { stage: 'dev' }, description: 'first' });
    expect(v1).toMatchObject({ name: 'm', version: '1', currentStage: 'None', status: 'READY', runId, modelId: logged.modelId, description: 'first', tags: { stage: 'dev' }, aliases: [] });
    expect(read(join(root, 'models', 'm', 'version-1', 'meta.yaml'))).toBe(
      [
        `creation_timestamp: ${v1.creationTimestamp}`, 'current_stage: None', 'deployment_job_state: null', 'description: first',
        `last_updated_timestamp: ${v1.lastUpdatedTimestamp}`, `model_id: ${logged.modelId}`, 'name: m', `run_id: ${runId}`, 'run_link: null',
        `source: models:/${logged.modelId}`, 'status: READY', 'status_message: null', `storage_location: ${logged.artifactUri}`, 'user_id: null',
        'version: 1', 'workspace: default', '',
      ].join('\n'),
    );
    expect(await store.getModelVersionDownloadUri('m', '1')).toBe(logged.artifactUri);
    expect((await store.getLoggedModel(logged.modelId)).registrations).toEqual([{ name: 'm', version: '1' }]);
    expect(read(join(root, experimentId, 'models', logged.modelId, 'tags', 'mlflow.modelVersions'))).toBe('[{"name": "m", "version": 1}]');
    const v2 = await store.createModelVersion({ name: 'm', source: `${artifactUri}/model`, runId });
    expect(v2.version).toBe('2');
    expect(await store.getModelVersionDownloadUri('m', '2')).toBe(`${artifactUri}/model`);
    const v3 = await store.createModelVersion({ name: 'm', source: 'models:/m/1' });
    expect(await store.getModelVersionDownloadUri('m', v3.version)).toBe(logged.artifactUri);
    expect(await codeOf(store.createModelVersion({ name: 'nope', source: 's3://x' }))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.createModelVersion({ name: 'm', source: 'models:/m/99' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.getModelVersion('m', 'abc'))).toBe('INVALID_PARAMETER_VALUE');
    expect((await errorOf(store.getModelVersion('m', '42'))).message).toBe('Model Version (name=m, version=42) not found');
  });

  it('aliases: files under aliases/, listed on the model and the version; moved; deleted; latest', async () => {
    const { store, root } = await setup();
    await store.createRegisteredModel('a');
    await store.createModelVersion({ name: 'a', source: 's3://b/1' });
    await store.createModelVersion({ name: 'a', source: 's3://b/2' });
    await store.setRegisteredModelAlias('a', 'champion', '1');
    expect(read(join(root, 'models', 'a', 'aliases', 'champion'))).toBe('1');
    expect(read(join(root, 'models', 'a', 'meta.yaml'))).toContain("aliases:\n  champion: '1'\n");
    expect((await store.getModelVersionByAlias('a', 'champion')).version).toBe('1');
    expect((await store.getModelVersion('a', '1')).aliases).toEqual(['champion']);
    await store.setRegisteredModelAlias('a', 'champion', '2');
    expect((await store.getRegisteredModel('a')).aliases).toEqual({ champion: '2' });
    expect((await store.getModelVersion('a', '1')).aliases).toEqual([]);
    expect((await store.getModelVersionByAlias('a', 'latest')).version).toBe('2');
    await store.deleteRegisteredModelAlias('a', 'champion');
    expect(existsSync(join(root, 'models', 'a', 'aliases', 'champion'))).toBe(false);
    expect(await codeOf(store.getModelVersionByAlias('a', 'champion'))).toBe('INVALID_PARAMETER_VALUE');
    for (const bad of ['latest', 'v1', 'V12', 'a b', '../x', '']) expect(await codeOf(store.setRegisteredModelAlias('a', bad, '1'))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.setRegisteredModelAlias('a', 'x', '9'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('tags and descriptions on models and versions; every change bumps the model last_updated_timestamp', async () => {
    const { store } = await setup();
    const created = await store.createRegisteredModel('t');
    await store.createModelVersion({ name: 't', source: 's3://b/1' });
    await new Promise((r) => setTimeout(r, 5));
    await store.setRegisteredModelTag('t', 'k', 'v');
    await store.setModelVersionTag('t', '1', 'vk', 'vv');
    expect((await store.updateRegisteredModel('t', 'new desc')).description).toBe('new desc');
    expect((await store.updateModelVersion('t', '1', 'version desc')).description).toBe('version desc');
    let model = await store.getRegisteredModel('t');
    expect(model.tags).toEqual({ k: 'v' });
    expect(model.lastUpdatedTimestamp).toBeGreaterThan(created.lastUpdatedTimestamp);
    expect((await store.getModelVersion('t', '1')).tags).toEqual({ vk: 'vv' });
    await store.deleteRegisteredModelTag('t', 'k');
    await store.deleteModelVersionTag('t', '1', 'vk');
    await store.deleteRegisteredModelTag('t', 'k');
    model = await store.getRegisteredModel('t');
    expect(model.tags).toEqual({});
    expect((await store.getModelVersion('t', '1')).tags).toEqual({});
    expect(await codeOf(store.setRegisteredModelTag('t', 'k', 'x'.repeat(100_001)))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.setModelVersionTag('t', '7', 'k', 'v'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('stages: transitions (canonical names), archives existing versions, latest versions per stage', async () => {
    const { store } = await setup();
    await store.createRegisteredModel('s');
    for (let i = 0; i < 3; i++) await store.createModelVersion({ name: 's', source: `s3://b/${i}` });
    await store.transitionModelVersionStage('s', '1', 'production' as never);
    await store.transitionModelVersionStage('s', '2', 'Staging');
    expect((await store.getModelVersion('s', '1')).currentStage).toBe('Production');
    expect((await store.getLatestVersions('s')).map((v) => [v.currentStage, v.version])).toEqual([['None', '3'], ['Staging', '2'], ['Production', '1']]);
    expect((await store.getLatestVersions('s', ['Production'])).map((v) => v.version)).toEqual(['1']);
    await store.transitionModelVersionStage('s', '3', 'Production', true);
    expect((await store.getModelVersion('s', '1')).currentStage).toBe('Archived');
    expect((await store.getRegisteredModel('s')).latestVersions.map((v) => [v.currentStage, v.version])).toEqual([['Staging', '2'], ['Production', '3'], ['Archived', '1']]);
    expect(await codeOf(store.transitionModelVersionStage('s', '1', 'Nope' as never))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.transitionModelVersionStage('s', '1', 'Archived', true))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.getLatestVersions('nope'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('deletes versions softly (Deleted_Internal, aliases removed, number not reused) and models for good', async () => {
    const { store, root } = await setup();
    await store.createRegisteredModel('d');
    await store.createModelVersion({ name: 'd', source: 's3://b/1' });
    await store.createModelVersion({ name: 'd', source: 's3://b/2' });
    await store.setRegisteredModelAlias('d', 'prod', '2');
    await store.deleteModelVersion('d', '2');
    expect(read(join(root, 'models', 'd', 'version-2', 'meta.yaml'))).toContain('current_stage: Deleted_Internal');
    expect(existsSync(join(root, 'models', 'd', 'aliases', 'prod'))).toBe(false);
    expect(await codeOf(store.getModelVersion('d', '2'))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.deleteModelVersion('d', '2'))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await store.searchModelVersions({ filter: "name = 'd'" })).items.map((v) => v.version)).toEqual(['1']);
    expect((await store.createModelVersion({ name: 'd', source: 's3://b/3' })).version).toBe('3');
    await store.deleteRegisteredModel('d');
    expect(existsSync(join(root, 'models', 'd'))).toBe(false);
    expect(await codeOf(store.deleteRegisteredModel('d'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('renames a model with its versions, tags and aliases', async () => {
    const { store, root } = await setup();
    await store.createRegisteredModel('old', { tags: { k: 'v' } });
    await store.createModelVersion({ name: 'old', source: 's3://b/1', tags: { vt: '1' } });
    await store.setRegisteredModelAlias('old', 'champ', '1');
    await store.createRegisteredModel('taken');
    expect(await codeOf(store.renameRegisteredModel('old', 'taken'))).toBe('RESOURCE_ALREADY_EXISTS');
    const renamed = await store.renameRegisteredModel('old', 'new');
    expect(renamed).toMatchObject({ name: 'new', tags: { k: 'v' }, aliases: { champ: '1' } });
    expect(existsSync(join(root, 'models', 'old'))).toBe(false);
    expect(read(join(root, 'models', 'new', 'meta.yaml'))).toContain('name: new\n');
    expect(await store.getModelVersion('new', '1')).toMatchObject({ name: 'new', tags: { vt: '1' }, aliases: ['champ'] });
    expect(await codeOf(store.getRegisteredModel('old'))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.renameRegisteredModel('ghost', 'x'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('searches registered models and versions: filters, order, pages; prompts are excluded', async () => {
    const { store, runId } = await setup();
    for (const name of ['apple', 'banana', 'cherry', 'Avocado']) {
      await store.createRegisteredModel(name, { tags: { fruit: name.length > 5 ? 'long' : 'short' } });
      await store.createModelVersion({ name, source: `s3://b/${name}`, runId, tags: { n: name } });
    }
    await store.createRegisteredModel('my-prompt', { tags: { 'mlflow.prompt.is_prompt': 'true' } });
    const names = async (filter?: string, orderBy?: string[]) => (await store.searchRegisteredModels({ ...(filter ? { filter } : {}), ...(orderBy ? { orderBy } : {}) })).items.map((m) => m.name);
    expect(await names()).toEqual(['Avocado', 'apple', 'banana', 'cherry']);
    expect(await names("name LIKE 'a%'")).toEqual(['apple']);
    expect(await names("name ILIKE 'a%'")).toEqual(['Avocado', 'apple']);
    expect(await names("tags.fruit = 'long'")).toEqual(['Avocado', 'banana', 'cherry']);
    expect(await names("name IN ('cherry', 'apple')")).toEqual(['apple', 'cherry']);
    expect(await names(undefined, ['name DESC'])).toEqual(['cherry', 'banana', 'apple', 'Avocado']);
    const p1 = await store.searchRegisteredModels({ maxResults: 3 });
    const p2 = await store.searchRegisteredModels({ maxResults: 3, pageToken: p1.nextPageToken! });
    expect([...p1.items, ...p2.items].map((m) => m.name)).toEqual(['Avocado', 'apple', 'banana', 'cherry']);
    expect(await codeOf(store.searchRegisteredModels({ filter: 'metrics.x > 1' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.searchRegisteredModels({ maxResults: 1001 }))).toBe('INVALID_PARAMETER_VALUE');

    const versions = async (filter?: string, orderBy?: string[]) =>
      (await store.searchModelVersions({ ...(filter ? { filter } : {}), ...(orderBy ? { orderBy } : {}) })).items.map((v) => `${v.name}/${v.version}`);
    expect(await versions("name = 'banana'")).toEqual(['banana/1']);
    expect(await versions(`run_id = '${runId}'`, ['name ASC'])).toEqual(['Avocado/1', 'apple/1', 'banana/1', 'cherry/1']);
    expect(await versions("tags.n LIKE 'c%'")).toEqual(['cherry/1']);
    expect(await versions("source_path = 's3://b/apple'")).toEqual(['apple/1']);
    expect(await versions("name IN ('apple', 'cherry') AND version_number = 1", ['name DESC'])).toEqual(['cherry/1', 'apple/1']);
    expect(await codeOf(store.searchModelVersions({ filter: "params.x = 'y'" }))).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('FileStore: a registered model folder without meta.yaml', () => {
  afterAll(cleanupTempDirs);

  it('is waited for by a lookup while its creator is still writing it', async () => {
    const { store, root } = newStore();
    await store.createRegisteredModel('done');
    const meta = read(join(root, 'models', 'done', 'meta.yaml')).replace(/name: done/, 'name: late');
    mkdirSync(join(root, 'models', 'late'));
    setTimeout(() => writeFileSync(join(root, 'models', 'late', 'meta.yaml'), meta), 150);
    expect((await store.getRegisteredModel('late')).name).toBe('late');
  });

  it('is not a model when it is old (a leftover), and listings skip it', async () => {
    const { store, root } = newStore();
    await store.createRegisteredModel('real');
    const stray = join(root, 'models', 'stray');
    mkdirSync(stray);
    const past = new Date(Date.now() - 60_000);
    utimesSync(stray, past, past);
    expect(await codeOf(store.getRegisteredModel('stray'))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await store.searchRegisteredModels()).items.map((m) => m.name)).toEqual(['real']);
  });
});

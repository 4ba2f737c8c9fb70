import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileStore } from '../../src/store/file/file-store.js';
import { cleanupTempDirs, codeOf, errorOf, newStore, read, tempDir } from './helpers.js';

afterAll(cleanupTempDirs);

describe('FileStore: the root and the Default experiment', () => {
  it('creates mlruns/0 (Default) and .trash on first use, with meta.yaml as Python writes it', async () => {
    const { store, root } = newStore();
    expect(existsSync(root)).toBe(false);
    const exp = await store.getExperiment('0');
    expect(exp).toMatchObject({ experimentId: '0', name: 'Default', lifecycleStage: 'active', tags: {} });
    expect(existsSync(join(root, '.trash'))).toBe(true);
    const meta = read(join(root, '0', 'meta.yaml'));
    expect(meta).toMatch(new RegExp(`^artifact_location: ${pathToFileURL(join(root, '0')).href}\n`));
    expect(meta).toMatch(/\nexperiment_id: '0'\n/);
    expect(meta.split('\n').map((l) => l.split(':')[0])).toEqual([
      'artifact_location', 'creation_time', 'effective_trace_archival_retention', 'experiment_id', 'last_update_time', 'lifecycle_stage', 'name', 'trace_location', 'workspace', '',
    ]);
    expect(store.trackingUri).toBe(pathToFileURL(root).href);
  });

  it('accepts a file:// URI and a relative path, and does not add Default to a folder that has experiments', async () => {
    const dir = tempDir();
    const viaUri = new FileStore(pathToFileURL(join(dir, 'a')).href);
    await viaUri.init();
    expect(existsSync(join(dir, 'a', '0', 'meta.yaml'))).toBe(true);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const relative = new FileStore('rel/mlruns');
      expect(relative.rootDir).toBe(join(dir, 'rel', 'mlruns'));
    } finally {
      process.chdir(cwd);
    }
    mkdirSync(join(dir, 'b', '42'), { recursive: true });
    writeFileSync(join(dir, 'b', '42', 'meta.yaml'), "artifact_location: file:///x\nexperiment_id: '42'\nlifecycle_stage: active\nname: other\n");
    const existing = new FileStore(join(dir, 'b'));
    await existing.init();
    expect(existsSync(join(dir, 'b', '0'))).toBe(false);
    expect((await existing.getExperiment('42')).name).toBe('other');
  });

  it('refuses non-file URIs', () => {
    expect(() => new FileStore('http://localhost:5000')).toThrow(expect.objectContaining({ errorCode: 'INVALID_PARAMETER_VALUE' }));
  });
});

describe('FileStore: experiments', () => {
  it('creates an experiment with a random 18-digit id, quoted in meta.yaml, tags one file per key', async () => {
    const { store, root } = newStore();
    const id = await store.createExperiment('my exp: 1', { tags: { team: 'ml', 'a/b': 'nested' } });
    expect(id).toMatch(/^[1-9]\d{17}$/);
    const meta = read(join(root, id, 'meta.yaml'));
    expect(meta).toContain(`experiment_id: '${id}'`);
    expect(meta).toContain("name: 'my exp: 1'");
    expect(meta).toContain(`artifact_location: ${pathToFileURL(join(root, id)).href}`);
    expect(read(join(root, id, 'tags', 'team'))).toBe('ml');
    expect(read(join(root, id, 'tags', 'a', 'b'))).toBe('nested');
    const exp = await store.getExperiment(id);
    expect(exp).toMatchObject({ experimentId: id, name: 'my exp: 1', tags: { team: 'ml', 'a/b': 'nested' }, lifecycleStage: 'active' });
    expect(exp.creationTime).toBe(exp.lastUpdateTime);
    expect(readdirSync(join(root, id)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('turns a local artifact location into an absolute file:// URI and keeps other URIs', async () => {
    const { store } = newStore();
    const dir = tempDir();
    const a = await store.createExperiment('a', { artifactLocation: join(dir, 'art') });
    expect((await store.getExperiment(a)).artifactLocation).toBe(pathToFileURL(join(dir, 'art')).href);
    const b = await store.createExperiment('b', { artifactLocation: 's3://bucket/path' });
    expect((await store.getExperiment(b)).artifactLocation).toBe('s3://bucket/path');
    expect(await codeOf(store.createExperiment('c', { artifactLocation: 'runs:/abc/x' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.createExperiment('d', { artifactLocation: `s3://${'x'.repeat(2100)}` }))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('validates names, ids and tags with MLflow codes', async () => {
    const { store } = newStore();
    expect(await codeOf(store.createExperiment(''))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.createExperiment('x'.repeat(501)))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.createExperiment('t', { tags: { '../evil': 'x' } }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.createExperiment('t', { tags: { k: 'v'.repeat(5001) } }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.getExperiment('../0'))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.getExperiment('12345'))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await errorOf(store.getExperiment('12345'))).message).toBe('Could not find experiment with ID 12345');
  });

  it('keeps names unique across active and deleted experiments', async () => {
    const { store } = newStore();
    const id = await store.createExperiment('dup');
    const e1 = await errorOf(store.createExperiment('dup'));
    expect(e1.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
    expect(e1.message).toBe("Experiment 'dup' already exists.");
    await store.deleteExperiment(id);
    const e2 = await errorOf(store.createExperiment('dup'));
    expect(e2.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
    expect(e2.message).toContain('already exists in deleted state');
    expect((await store.getExperimentByName('dup'))?.lifecycleStage).toBe('deleted');
    expect(await store.getExperimentByName('nope')).toBeUndefined();
  });

  it('deletes to .trash (runs marked deleted with deleted_time), restores back', async () => {
    const { store, root } = newStore();
    const id = await store.createExperiment('del');
    const run = await store.createRun({ experimentId: id });
    const runId = run.info.runId;
    await store.deleteExperiment(id);
    expect(existsSync(join(root, id))).toBe(false);
    expect(existsSync(join(root, '.trash', id, 'meta.yaml'))).toBe(true);
    expect(read(join(root, '.trash', id, 'meta.yaml'))).toContain('lifecycle_stage: deleted');
    const runMeta = read(join(root, '.trash', id, runId, 'meta.yaml'));
    expect(runMeta).toContain('lifecycle_stage: deleted');
    expect(runMeta).toMatch(/deleted_time: \d{13}\n/);
    expect((await store.getRun(runId)).info.lifecycleStage).toBe('deleted');
    expect(await codeOf(store.logMetric(runId, { key: 'm', value: 1, timestamp: 1, step: 0 }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.createRun({ experimentId: id }))).toBe('INVALID_STATE');
    expect(await codeOf(store.setExperimentTag(id, 'k', 'v'))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.deleteExperiment(id))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.renameExperiment(id, 'other'))).toBe('INVALID_STATE');

    await store.restoreExperiment(id);
    expect(existsSync(join(root, id, 'meta.yaml'))).toBe(true);
    expect(existsSync(join(root, '.trash', id))).toBe(false);
    expect((await store.getExperiment(id)).lifecycleStage).toBe('active');
    expect(read(join(root, id, runId, 'meta.yaml'))).toContain('deleted_time: null');
    await store.logMetric(runId, { key: 'm', value: 1, timestamp: 1, step: 0 });
    expect(await codeOf(store.restoreExperiment(id))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('refuses to delete the Default experiment', async () => {
    const { store } = newStore();
    expect(await codeOf(store.deleteExperiment('0'))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('renames (names stay unique), sets and deletes tags', async () => {
    const { store } = newStore();
    const id = await store.createExperiment('old');
    await store.createExperiment('taken');
    expect(await codeOf(store.renameExperiment(id, 'taken'))).toBe('RESOURCE_ALREADY_EXISTS');
    await store.renameExperiment(id, 'new');
    expect((await store.getExperiment(id)).name).toBe('new');
    expect((await store.getExperimentByName('new'))?.experimentId).toBe(id);
    await store.setExperimentTag(id, 'k', 'v1');
    await store.setExperimentTag(id, 'k', 'v2');
    expect((await store.getExperiment(id)).tags).toEqual({ k: 'v2' });
    await store.deleteExperimentTag(id, 'k');
    expect((await store.getExperiment(id)).tags).toEqual({});
    const missing = await errorOf(store.deleteExperimentTag(id, 'k'));
    expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(missing.message).toBe(`No tag with name: k in experiment with id ${id}`);
    expect(await codeOf(store.setExperimentTag('999', 'k', 'v'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('searches with filter, order, view type and pages', async () => {
    const { store } = newStore();
    const ids: string[] = [];
    for (const name of ['alpha', 'beta', 'Gamma', 'delta']) {
      ids.push(await store.createExperiment(name, { tags: { kind: name.length > 4 ? 'long' : 'short' } }));
      await new Promise((r) => setTimeout(r, 3));
    }
    await store.deleteExperiment(ids[3]!);
    const names = async (opts: Parameters<FileStore['searchExperiments']>[0]) => (await store.searchExperiments(opts)).items.map((e) => e.name);
    expect(await names({})).toEqual(['Gamma', 'beta', 'alpha', 'Default']);
    expect(await names({ viewType: 'DELETED_ONLY' })).toEqual(['delta']);
    expect(await names({ viewType: 'ALL', orderBy: ['name ASC'] })).toEqual(['Default', 'Gamma', 'alpha', 'beta', 'delta']);
    expect(await names({ filter: "name LIKE '%a'" })).toEqual(['Gamma', 'beta', 'alpha']);
    expect(await names({ filter: "name ILIKE 'g%'" })).toEqual(['Gamma']);
    expect(await names({ filter: "tags.kind = 'long'", orderBy: ['name DESC'] })).toEqual(['alpha', 'Gamma']);
    expect(await names({ filter: 'tags.kind IS NULL' })).toEqual(['Default']);
    expect(await names({ filter: `experiment_id IN ('${ids[0]}', '${ids[1]}')` })).toEqual(['beta', 'alpha']);
    const created = (await store.getExperiment(ids[1]!)).creationTime!;
    expect(await names({ filter: `creation_time >= ${created}` })).toEqual(['Gamma', 'beta']);
    const page1 = await store.searchExperiments({ maxResults: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await store.searchExperiments({ maxResults: 2, pageToken: page1.nextPageToken! });
    expect(page2.items.map((e) => e.name)).toEqual(['alpha', 'Default']);
    expect(page2.nextPageToken).toBeUndefined();
    expect(await codeOf(store.searchExperiments({ filter: 'metrics.x > 1' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.searchExperiments({ orderBy: ['tags.kind'] }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.searchExperiments({ maxResults: 50_001 }))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('skips foreign or malformed folders instead of failing', async () => {
    const { store, root } = newStore();
    await store.init();
    mkdirSync(join(root, 'not-an-experiment'));
    mkdirSync(join(root, '777'));
    writeFileSync(join(root, '777', 'meta.yaml'), "experiment_id: '778'\nname: mismatch\n");
    expect((await store.searchExperiments({ viewType: 'ALL' })).items.map((e) => e.experimentId)).toEqual(['0']);
    expect(await codeOf(store.getExperiment('777'))).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});

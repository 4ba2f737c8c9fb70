import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metric } from '@kedro-mlflow/mlflow-client';
import { cleanupTempDirs, codeOf, errorOf, listFiles, newStore, read } from './helpers.js';

afterAll(cleanupTempDirs);

async function setup() {
  const { store, root } = newStore();
  const experimentId = await store.createExperiment('runs');
  return { store, root, experimentId };
}

describe('FileStore: runs', () => {
  it('creates a run folder like Python: meta.yaml keys, status as an int, folders, mlflow.runName tag', async () => {
    const { store, root, experimentId } = await setup();
    const run = await store.createRun({ experimentId, runName: 'first', userId: 'alice', startTime: 1700000000000, tags: { team: 'ml' } });
    const { runId } = run.info;
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    const dir = join(root, experimentId, runId);
    expect(readdirSync(dir).sort()).toEqual(['artifacts', 'meta.yaml', 'metrics', 'params', 'tags']);
    expect(read(join(dir, 'meta.yaml'))).toBe(
      [
        `artifact_uri: ${pathToFileURL(join(dir, 'artifacts')).href}`,
        'deleted_time: null',
        'end_time: null',
        "entry_point_name: ''",
        `experiment_id: '${experimentId}'`,
        'lifecycle_stage: active',
        `run_id: ${runId}`,
        'run_name: first',
        `run_uuid: ${runId}`,
        "source_name: ''",
        'source_type: 4',
        "source_version: ''",
        'start_time: 1700000000000',
        'status: 1',
        'tags: []',
        'user_id: alice',
        '',
      ].join('\n'),
    );
    expect(read(join(dir, 'tags', 'mlflow.runName'))).toBe('first');
    expect(run.info).toEqual({
      runId, runName: 'first', experimentId, userId: 'alice', status: 'RUNNING', startTime: 1700000000000,
      artifactUri: pathToFileURL(join(dir, 'artifacts')).href, lifecycleStage: 'active',
    });
    expect(run.data).toEqual({ metrics: {}, latestMetrics: [], params: {}, tags: { team: 'ml', 'mlflow.runName': 'first' } });
    expect(run.inputs).toEqual({ datasetInputs: [], modelInputs: [] });
    expect(run.outputs).toEqual({ modelOutputs: [] });
  });

  it('names runs: the tag, a random readable name, and a conflict error', async () => {
    const { store, experimentId } = await setup();
    expect((await store.createRun({ experimentId, tags: { 'mlflow.runName': 'from-tag' } })).info.runName).toBe('from-tag');
    const random = await store.createRun({ experimentId });
    expect(random.info.runName).toMatch(/^[a-z]+-[a-z]+-\d{1,4}$/);
    expect(random.data.tags['mlflow.runName']).toBe(random.info.runName);
    expect(await codeOf(store.createRun({ experimentId, runName: 'a', tags: { 'mlflow.runName': 'b' } }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.createRun({ experimentId: '404404' }))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.createRun({ experimentId: 'bad/id' }))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('updates status, end time and name (tag kept in sync); not on deleted runs', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId, runName: 'r' })).info;
    const info = await store.updateRun(runId, { status: 'FINISHED', endTime: 1700000001000, runName: 'renamed' });
    expect(info).toMatchObject({ status: 'FINISHED', endTime: 1700000001000, runName: 'renamed' });
    const meta = read(join(root, experimentId, runId, 'meta.yaml'));
    expect(meta).toContain('status: 3\n');
    expect(meta).toContain('end_time: 1700000001000\n');
    expect(meta).toContain('run_name: renamed\n');
    expect((await store.getRun(runId)).data.tags['mlflow.runName']).toBe('renamed');
    await store.updateRun(runId, { status: 'KILLED' });
    expect((await store.getRun(runId)).info).toMatchObject({ status: 'KILLED', endTime: 1700000001000, runName: 'renamed' });
    expect(await codeOf(store.updateRun(runId, { status: 'DONE' as never }))).toBe('INVALID_PARAMETER_VALUE');
    await store.deleteRun(runId);
    expect(await codeOf(store.updateRun(runId, { status: 'FINISHED' }))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('deletes softly (deleted_time) and restores', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.deleteRun(runId);
    expect(read(join(root, experimentId, runId, 'meta.yaml'))).toMatch(/deleted_time: \d+\nend_time: null[\s\S]*lifecycle_stage: deleted/);
    expect((await store.getRun(runId)).info.lifecycleStage).toBe('deleted');
    const err = await errorOf(store.logParam(runId, { key: 'p', value: '1' }));
    expect(err.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(err.message).toBe(`The run ${runId} must be in the 'active' state. Current state is deleted.`);
    await store.restoreRun(runId);
    expect(read(join(root, experimentId, runId, 'meta.yaml'))).toContain('deleted_time: null');
    await store.logParam(runId, { key: 'p', value: '1' });
  });

  it('reports unknown or invalid run ids with MLflow codes', async () => {
    const { store } = await setup();
    const e = await errorOf(store.getRun('0123456789abcdef0123456789abcdef'));
    expect(e.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(e.message).toBe("Run '0123456789abcdef0123456789abcdef' not found");
    for (const bad of ['../x', '', 'a/b', '.hidden']) expect(await codeOf(store.getRun(bad))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.getRun('tags'))).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await codeOf(store.logMetric('0123456789abcdef0123456789abcdef', { key: 'm', value: 1, timestamp: 1, step: 0 }))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('reports a run whose meta.yaml names another experiment as INVALID_STATE', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    const metaPath = join(root, experimentId, runId, 'meta.yaml');
    writeFileSync(metaPath, read(metaPath).replace(`experiment_id: '${experimentId}'`, "experiment_id: '0'"));
    expect(await codeOf(store.getRun(runId))).toBe('INVALID_STATE');
  });
});

describe('FileStore: metrics, params, tags', () => {
  it('appends metric lines as "<ts> <value> <step>" with Python float text; NaN and ±Infinity round-trip', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    const values = [1.5, NaN, Infinity, -Infinity, 1e-5, 3, 1e20, -0.25];
    for (const [i, value] of values.entries()) await store.logMetric(runId, { key: 'loss', value, timestamp: 1000 + i, step: i });
    expect(read(join(root, experimentId, runId, 'metrics', 'loss'))).toBe(
      '1000 1.5 0\n1001 nan 1\n1002 inf 2\n1003 -inf 3\n1004 1e-05 4\n1005 3.0 5\n1006 1e+20 6\n1007 -0.25 7\n',
    );
    const history = await store.getMetricHistory(runId, 'loss');
    expect(history.items.map((m) => m.value)).toEqual(values);
    expect(history.items[0]).toEqual({ key: 'loss', value: 1.5, timestamp: 1000, step: 0, runId });
    expect((await store.getMetricHistory(runId, 'missing')).items).toEqual([]);
  });

  it('keeps metric keys with slashes in sub-folders and dataset fields in 5-field lines', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.logMetric(runId, { key: 'val/acc', value: 0.5, timestamp: 5, step: 1, datasetName: 'train', datasetDigest: 'abc123' });
    expect(read(join(root, experimentId, runId, 'metrics', 'val', 'acc'))).toBe('5 0.5 1 train abc123\n');
    const run = await store.getRun(runId);
    expect(run.data.metrics).toEqual({ 'val/acc': 0.5 });
    expect(run.data.latestMetrics[0]).toMatchObject({ datasetName: 'train', datasetDigest: 'abc123' });
    expect(await codeOf(store.logMetric(runId, { key: 'x', value: 1, timestamp: 1, step: 0, datasetName: 'has space', datasetDigest: 'd' }))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('reports the latest value by (step, timestamp, value)', async () => {
    const { store, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.logMetric(runId, { key: 'm', value: 1, timestamp: 100, step: 5 });
    await store.logMetric(runId, { key: 'm', value: 2, timestamp: 200, step: 4 });
    await store.logMetric(runId, { key: 'm', value: 0, timestamp: 50, step: 5 });
    await store.logMetric(runId, { key: 'm', value: 3, timestamp: 100, step: 5 });
    expect((await store.getRun(runId)).data.metrics.m).toBe(3);
  });

  it('pages the metric history with page tokens', async () => {
    const { store, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.logBatch(runId, { metrics: Array.from({ length: 25 }, (_, i) => ({ key: 'h', value: i, timestamp: i, step: i })) });
    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.getMetricHistory(runId, 'h', { maxResults: 10, ...(token ? { pageToken: token } : {}) });
      seen.push(...page.items.map((m) => m.value));
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('validates metrics before touching the disk', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    const bad: Metric[] = [
      { key: '../escape', value: 1, timestamp: 1, step: 0 },
      { key: 'a//b', value: 1, timestamp: 1, step: 0 },
      { key: '/abs', value: 1, timestamp: 1, step: 0 },
      { key: 'k'.repeat(251), value: 1, timestamp: 1, step: 0 },
      { key: 'bad*char', value: 1, timestamp: 1, step: 0 },
      { key: 'ok', value: '1' as never, timestamp: 1, step: 0 },
      { key: 'ok', value: 1, timestamp: -1, step: 0 },
      { key: 'ok', value: 1, timestamp: 1.5, step: 0 },
      { key: 'ok', value: 1, timestamp: 1, step: 0.5 },
      { key: 'ok', value: 1, timestamp: 1, step: 0, modelId: '../m' },
    ];
    for (const m of bad) expect(await codeOf(store.logMetric(runId, m))).toBe('INVALID_PARAMETER_VALUE');
    expect(listFiles(join(root, experimentId, runId, 'metrics'))).toEqual([]);
    expect(existsSync(join(root, experimentId, 'escape'))).toBe(false);
  });

  it('params: stored raw without newline, same value is a no-op, a different value is refused with MLflow wording', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.logParam(runId, { key: 'lr', value: '0.01' });
    await store.logParam(runId, { key: 'lr', value: '0.01' });
    await store.logParam(runId, { key: 'nested/p', value: 'multi\nline ' });
    expect(read(join(root, experimentId, runId, 'params', 'lr'))).toBe('0.01');
    expect(read(join(root, experimentId, runId, 'params', 'nested', 'p'))).toBe('multi\nline ');
    const err = await errorOf(store.logParam(runId, { key: 'lr', value: '0.02' }));
    expect(err.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(err.message).toBe(
      `Changing param values is not allowed. Param with key='lr' was already logged with value='0.01' for run ID='${runId}'. Attempted logging new value '0.02'.`,
    );
    expect((await store.getRun(runId)).data.params).toEqual({ lr: '0.01', 'nested/p': 'multi\nline ' });
    expect(readdirSync(join(root, experimentId, runId)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('truncates params over 6000 characters (MLFLOW_TRUNCATE_LONG_VALUES) and tags over 8000', async () => {
    const { store, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.logParam(runId, { key: 'long', value: 'x'.repeat(7000) });
    await store.setTag(runId, { key: 'long', value: 'y'.repeat(9000) });
    const run = await store.getRun(runId);
    expect(run.data.params.long).toHaveLength(6000);
    expect(run.data.tags.long).toHaveLength(8000);
    process.env.MLFLOW_TRUNCATE_LONG_VALUES = 'false';
    try {
      expect(await codeOf(store.logParam(runId, { key: 'long2', value: 'x'.repeat(7000) }))).toBe('INVALID_PARAMETER_VALUE');
    } finally {
      delete process.env.MLFLOW_TRUNCATE_LONG_VALUES;
    }
  });

  it('tags overwrite, delete, and a missing tag is RESOURCE_DOES_NOT_EXIST; mlflow.runName renames the run', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId, runName: 'a' })).info;
    await store.setTag(runId, { key: 'k', value: 'v1' });
    await store.setTag(runId, { key: 'k', value: 'v2' });
    await store.setTag(runId, { key: 'empty', value: '' });
    expect(read(join(root, experimentId, runId, 'tags', 'k'))).toBe('v2');
    expect(read(join(root, experimentId, runId, 'tags', 'empty'))).toBe('');
    await store.deleteTag(runId, 'k');
    expect((await store.getRun(runId)).data.tags).not.toHaveProperty('k');
    const e = await errorOf(store.deleteTag(runId, 'k'));
    expect(e.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(e.message).toBe(`No tag with name: k in run with id ${runId}`);
    await store.setTag(runId, { key: 'mlflow.runName', value: 'b' });
    expect((await store.getRun(runId)).info.runName).toBe('b');
    expect(read(join(root, experimentId, runId, 'meta.yaml'))).toContain('run_name: b\n');
  });

  it('logBatch: params, metrics (one append per key, order kept), tags (last wins), limits and duplicates', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.logBatch(runId, {
      metrics: [
        { key: 'a', value: 1, timestamp: 1, step: 0 },
        { key: 'b', value: 2, timestamp: 1, step: 0 },
        { key: 'a', value: 3, timestamp: 2, step: 1 },
      ],
      params: [{ key: 'p', value: 'v' }],
      tags: [{ key: 't', value: '1' }, { key: 't', value: '2' }, { key: 'mlflow.runName', value: 'batched' }],
    });
    expect(read(join(root, experimentId, runId, 'metrics', 'a'))).toBe('1 1.0 0\n2 3.0 1\n');
    const run = await store.getRun(runId);
    expect(run.data).toMatchObject({ metrics: { a: 3, b: 2 }, params: { p: 'v' }, tags: { t: '2', 'mlflow.runName': 'batched' } });
    expect(run.info.runName).toBe('batched');
    const dupes = await errorOf(store.logBatch(runId, { params: [{ key: 'x', value: '1' }, { key: 'x', value: '2' }] }));
    expect(dupes.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(dupes.message).toContain('Duplicate parameter keys have been submitted');
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: i, step: i }));
    expect(await codeOf(store.logBatch(runId, { metrics: tooMany }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.logBatch(runId, { params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })) }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.logBatch(runId, { params: [{ key: 'p', value: 'changed' }] }))).toBe('INVALID_PARAMETER_VALUE');
    expect((await store.getMetricHistory(runId, 'm')).items).toEqual([]);
  });

  it('skips files that are not valid keys (foreign files in params/ or tags/)', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    writeFileSync(join(root, experimentId, runId, 'params', 'bad*name'), 'x');
    writeFileSync(join(root, experimentId, runId, 'params', 'good'), 'y');
    expect((await store.getRun(runId)).data.params).toEqual({ good: 'y' });
  });
});

describe('FileStore: inputs and outputs', () => {
  it('writes datasets, inputs and outputs with the md5 ids and keys Python uses', async () => {
    const { store, root, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    const model = await store.createLoggedModel({ experimentId, name: 'm' });
    const dataset = { name: 'iris', digest: 'abc', sourceType: 'local', source: '{"uri": "/data"}', schema: '{"a": 1}' };
    await store.logInputs(runId, { datasets: [{ dataset, tags: { 'mlflow.data.context': 'training' } }], models: [{ modelId: model.modelId }] });
    await store.logInputs(runId, { datasets: [{ dataset, tags: { 'mlflow.data.context': 'training' } }] });
    await store.logOutputs(runId, [{ modelId: model.modelId, step: 7 }]);
    const { createHash } = await import('node:crypto');
    const md5 = (...p: string[]) => p.reduce((h, s) => h.update(s), createHash('md5')).digest('hex');
    const datasetId = md5('iris', 'abc');
    expect(read(join(root, experimentId, 'datasets', datasetId, 'meta.yaml'))).toBe(
      "digest: abc\nname: iris\nprofile: null\nschema: '{\"a\": 1}'\nsource: '{\"uri\": \"/data\"}'\nsource_type: local\n",
    );
    expect(read(join(root, experimentId, runId, 'inputs', md5(datasetId, runId), 'meta.yaml'))).toBe(
      `destination_id: ${datasetId}\ndestination_type: RUN\nsource_id: ${datasetId}\nsource_type: DATASET\ntags:\n  mlflow.data.context: training\n`,
    );
    expect(read(join(root, experimentId, runId, 'inputs', md5(model.modelId, runId), 'meta.yaml'))).toContain('source_type: MODEL\ntags: {}\n');
    expect(read(join(root, experimentId, runId, 'outputs', model.modelId, 'meta.yaml'))).toBe(
      `destination_id: ${model.modelId}\ndestination_type: MODEL_OUTPUT\nsource_id: ${model.modelId}\nsource_type: RUN_OUTPUT\nstep: 7\ntags: {}\n`,
    );
    const run = await store.getRun(runId);
    expect(run.inputs.datasetInputs).toEqual([{ dataset, tags: { 'mlflow.data.context': 'training' } }]);
    expect(run.inputs.modelInputs).toEqual([{ modelId: model.modelId }]);
    expect(run.outputs.modelOutputs).toEqual([{ modelId: model.modelId, step: 7 }]);
    expect(await codeOf(store.logInputs(runId, { datasets: [{ dataset: { ...dataset, digest: 'x'.repeat(37) }, tags: {} }] }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.logOutputs(runId, [{ modelId: '../x', step: 0 }]))).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('FileStore: search runs', () => {
  it('filters on metrics, params, tags, attributes and datasets; orders; pages', async () => {
    const { store, experimentId } = await setup();
    const other = await store.createExperiment('other');
    const make = async (name: string, acc: number, model: string, start: number, exp = experimentId) => {
      const { runId } = (await store.createRun({ experimentId: exp, runName: name, startTime: start, tags: { group: name[0]! } })).info;
      await store.logMetric(runId, { key: 'acc', value: acc, timestamp: 1, step: 0 });
      await store.logParam(runId, { key: 'model', value: model });
      return runId;
    };
    const a = await make('a1', 0.9, 'lr', 1000);
    const b = await make('a2', 0.7, 'rf', 2000);
    const c = await make('b1', NaN, 'lr', 3000);
    const d = await make('b2', 0.95, 'xgb', 4000, other);
    const noMetric = (await store.createRun({ experimentId, runName: 'none', startTime: 500 })).info.runId;
    await store.logInputs(a, { datasets: [{ dataset: { name: 'iris', digest: 'd1', sourceType: 'local', source: 's' }, tags: { 'mlflow.data.context': 'eval' } }] });
    await store.updateRun(b, { status: 'FINISHED', endTime: 2500 });
    await store.deleteRun(noMetric);

    const ids = async (filter?: string, orderBy?: string[], experimentIds = [experimentId, other]) =>
      (await store.searchRuns({ experimentIds, ...(filter ? { filter } : {}), ...(orderBy ? { orderBy } : {}) })).items.map((r) => r.info.runId);
    expect(await ids()).toEqual([d, c, b, a]);
    expect(await ids(undefined, undefined, [experimentId])).toEqual([c, b, a]);
    expect(await ids('metrics.acc > 0.8')).toEqual([d, a]);
    expect(await ids("params.model = 'lr'")).toEqual([c, a]);
    expect(await ids("params.model LIKE 'x%' OR params.model = 'lr'").catch((e: { errorCode: string }) => e.errorCode)).toBe('INVALID_PARAMETER_VALUE');
    expect(await ids("tags.group = 'b' AND metrics.acc >= 0.9")).toEqual([d]);
    expect(await ids("attributes.status = 'FINISHED'")).toEqual([b]);
    expect(await ids("run_name ILIKE 'A%'")).toEqual([b, a]);
    expect(await ids(`attributes.run_id IN ('${a}', '${d}')`)).toEqual([d, a]);
    expect(await ids('attributes.start_time >= 2000 AND attributes.start_time < 4000')).toEqual([c, b]);
    expect(await ids('attributes.end_time > 0')).toEqual([b]);
    expect(await ids("datasets.name = 'iris'")).toEqual([a]);
    expect(await ids("datasets.context = 'eval'")).toEqual([a]);
    expect(await ids('tags.missing IS NULL AND params.model IS NOT NULL')).toEqual([d, c, b, a]);
    expect(await ids(undefined, ['metrics.acc DESC'])).toEqual([d, a, b, c]);
    expect(await ids(undefined, ['metrics.acc ASC'])).toEqual([b, a, d, c]);
    expect(await ids(undefined, ['params.model', 'attributes.start_time DESC'])).toEqual([c, a, b, d]);
    expect(await ids(undefined, ['tags.group DESC', 'run_name'])).toEqual([c, d, a, b]);
    const deleted = await store.searchRuns({ experimentIds: [experimentId], runViewType: 'DELETED_ONLY' });
    expect(deleted.items.map((r) => r.info.runId)).toEqual([noMetric]);
    expect((await store.searchRuns({ experimentIds: [experimentId], runViewType: 'ALL' })).items).toHaveLength(4);

    const page1 = await store.searchRuns({ experimentIds: [experimentId, other], maxResults: 3 });
    expect(page1.items).toHaveLength(3);
    const page2 = await store.searchRuns({ experimentIds: [experimentId, other], maxResults: 3, pageToken: page1.nextPageToken! });
    expect(page2.items.map((r) => r.info.runId)).toEqual([a]);
    expect(page2.nextPageToken).toBeUndefined();

    for (const bad of ["metrics.acc = 'x'", 'params.model = 1', 'attributes.nope = 1', "attributes.status IN ('a')", 'attributes.start_time = \'x\'']) {
      expect(await codeOf(store.searchRuns({ experimentIds: [experimentId], filter: bad }))).toBe('INVALID_PARAMETER_VALUE');
    }
    expect(await codeOf(store.searchRuns({ experimentIds: [experimentId], orderBy: ['datasets.name'] }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.searchRuns({ experimentIds: [experimentId], maxResults: 50_001 }))).toBe('INVALID_PARAMETER_VALUE');
    expect((await store.searchRuns({ experimentIds: ['999999'] })).items).toEqual([]);
  });

  it('ignores folders in an experiment that are not runs', async () => {
    const { store, root, experimentId } = await setup();
    await store.createRun({ experimentId });
    mkdirSync(join(root, experimentId, 'random-folder'));
    mkdirSync(join(root, experimentId, 'traces'));
    expect((await store.searchRuns({ experimentIds: [experimentId] })).items).toHaveLength(1);
  });
});

describe('FileStore: keys that clash as paths', () => {
  it("refuses 'a/b' when 'a' exists (and the reverse) with INVALID_PARAMETER_VALUE, for metrics, params and tags", async () => {
    const { store, experimentId } = await setup();
    const { runId } = (await store.createRun({ experimentId })).info;
    await store.logMetric(runId, { key: 'a', value: 1, timestamp: 1, step: 0 });
    await store.logMetric(runId, { key: 'd/e', value: 1, timestamp: 1, step: 0 });
    expect(await codeOf(store.logMetric(runId, { key: 'a/b', value: 1, timestamp: 1, step: 0 }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.logMetric(runId, { key: 'd', value: 1, timestamp: 1, step: 0 }))).toBe('INVALID_PARAMETER_VALUE');
    await store.logParam(runId, { key: 'p', value: '1' });
    await store.logParam(runId, { key: 'q/r', value: '1' });
    expect(await codeOf(store.logParam(runId, { key: 'p/x', value: '1' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.logParam(runId, { key: 'q', value: '1' }))).toBe('INVALID_PARAMETER_VALUE');
    await store.setTag(runId, { key: 't', value: '1' });
    await store.setTag(runId, { key: 'u/v', value: '1' });
    expect(await codeOf(store.setTag(runId, { key: 't/x', value: '1' }))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(store.setTag(runId, { key: 'u', value: '1' }))).toBe('INVALID_PARAMETER_VALUE');
    const run = await store.getRun(runId);
    expect(run.data.metrics).toEqual({ a: 1, 'd/e': 1 });
    expect(run.data.params).toEqual({ p: '1', 'q/r': '1' });
    expect(Object.keys(run.data.tags).sort()).toEqual(['mlflow.runName', 't', 'u/v']);
    expect((await store.getMetricHistory(runId, 'a/b')).items).toEqual([]);
  });
});

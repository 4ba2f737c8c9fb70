/**
 * Interop with real Python MLflow (the venv of @kedro-mlflow/mlflow-test-server):
 *  (a) an mlruns folder written by FileStore is read back, equal, by `mlflow.MlflowClient`,
 *      `mlflow.search_runs`, `mlflow.models.Model.load` and a real `mlflow server` on it;
 *  (b) an mlruns folder written by Python (fluent API, pyfunc.log_model, registry) is read by FileStore;
 *  (c) the meta.yaml key sets match what MLflow writes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, killGroup, mlflowAvailable, requireMlflowVenv, runPythonJson, waitForHealth } from '@kedro-mlflow/mlflow-test-server';
import { LocalArtifactRepository } from '../../src/artifacts/local-artifact-repository.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { parseYaml } from '../../src/store/file/yaml-meta.js';
import { cleanupTempDirs, listFiles, tempDir } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;
const ENV = { MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet' };

/** Python prelude: JSON with non-finite floats as strings. */
const PY_JSON = `
import json, math, os, sys
def fix(x):
    if isinstance(x, float) and not math.isfinite(x):
        return 'NaN' if math.isnan(x) else ('Infinity' if x > 0 else '-Infinity')
    if isinstance(x, dict):
        return {k: fix(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [fix(v) for v in x]
    return x
def out(x):
    print(json.dumps(fix(x)))
`;

const num = (v: number | string): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v));

afterAll(cleanupTempDirs);
jest.setTimeout(180_000);

withMlflow('interop with Python MLflow (file store)', () => {
  describe('(a) FileStore writes, Python reads', () => {
    const base = tempDir('interop-a-');
    const root = join(base, 'mlruns');
    const store = new FileStore(root);
    const ids: Record<string, string> = {};
    const metricValues = [0.5, NaN, Infinity, -Infinity, 1e-7, 42, -3.25];

    beforeAll(async () => {
      const experimentId = await store.createExperiment('ts-exp', { tags: { team: 'ml', 'mlflow.note.content': 'from TS' } });
      const run = await store.createRun({ experimentId, runName: 'ts-run', userId: 'alice', startTime: 1_700_000_000_000, tags: { 'mlflow.source.type': 'LOCAL', env: 'ci' } });
      const runId = run.info.runId;
      await store.logBatch(runId, {
        params: [{ key: 'lr', value: '0.01' }, { key: 'nested/param', value: 'line1\nline2' }, { key: 'yes', value: 'yes' }, { key: 'zero', value: '0' }],
        metrics: metricValues.map((value, step) => ({ key: 'loss', value, timestamp: 1_700_000_000_000 + step, step })),
        tags: [{ key: 'quote', value: "it's: tricky # yes" }],
      });
      await store.logMetric(runId, { key: 'val/acc', value: 0.75, timestamp: 1_700_000_000_100, step: 3, datasetName: 'val', datasetDigest: 'abc' });
      await store.logInputs(runId, { datasets: [{ dataset: { name: 'iris', digest: 'd1g', sourceType: 'local', source: '{"uri": "/data/iris.csv"}', schema: '{"mlflow_colspec": []}' }, tags: { 'mlflow.data.context': 'training' } }] });
      const src = join(base, 'src');
      mkdirSync(join(src, 'plots'), { recursive: true });
      writeFileSync(join(src, 'report.txt'), 'report');
      writeFileSync(join(src, 'plots', 'a.txt'), 'plot-a');
      const runRepo = new LocalArtifactRepository(run.info.artifactUri);
      await runRepo.logArtifact(join(src, 'report.txt'));
      await runRepo.logArtifacts(join(src, 'plots'), 'plots');

      const model = await store.createLoggedModel({ experimentId, name: 'ts-model', sourceRunId: runId, modelType: 'custom', params: { depth: '3' }, tags: { owner: 'ts' } });
      await store.logOutputs(runId, [{ modelId: model.modelId, step: 6 }]);
      await store.logMetric(runId, { key: 'model_acc', value: 0.9, timestamp: 1_700_000_000_200, step: 6, modelId: model.modelId });
      const modelSrc = join(base, 'model');
      mkdirSync(modelSrc);
      writeFileSync(
        join(modelSrc, 'MLmodel'),
        [
          `artifact_path: ${model.artifactUri}`,
          'flavors:',
          '  python_function:',
          '    loader_module: mlflow.pyfunc.model',
          '    python_version: 3.11.7',
          `model_id: ${model.modelId}`,
          `model_uuid: ${model.modelId}`,
          `run_id: ${runId}`,
          "utc_time_created: '2026-01-01 00:00:00.000000'",
          '',
        ].join('\n'),
      );
      writeFileSync(join(modelSrc, 'weights.bin'), Buffer.alloc(64, 1));
      await new LocalArtifactRepository(model.artifactUri).logArtifacts(modelSrc);
      await store.finalizeLoggedModel(model.modelId, 'LOGGED_MODEL_READY');
      await store.updateRun(runId, { status: 'FINISHED', endTime: 1_700_000_001_000 });
      const deletedRun = await store.createRun({ experimentId, runName: 'gone' });
      await store.deleteRun(deletedRun.info.runId);

      await store.createRegisteredModel('ts-reg', { tags: { domain: 'fraud' }, description: 'from TS' });
      await store.createModelVersion({ name: 'ts-reg', source: `models:/${model.modelId}`, modelId: model.modelId, tags: { validated: 'true' } });
      await store.setRegisteredModelAlias('ts-reg', 'champion', '1');
      const trashed = await store.createExperiment('ts-trashed');
      await store.deleteExperiment(trashed);
      Object.assign(ids, { experimentId, runId, modelId: model.modelId, deletedRunId: deletedRun.info.runId, trashed });
    });

    it('MlflowClient reads experiments, runs (params, metrics with NaN/±Infinity, tags, inputs, outputs) equal', async () => {
      const py = await runPythonJson<any>(
        `${PY_JSON}
from mlflow import MlflowClient
from mlflow.entities import ViewType
c = MlflowClient(tracking_uri=${JSON.stringify(pathToFileURL(root).href)})
e = c.get_experiment_by_name('ts-exp')
r = c.get_run(${JSON.stringify(ids.runId)})
hist = c.get_metric_history(r.info.run_id, 'loss')
exps = c.search_experiments(view_type=ViewType.ALL)
deleted = c.search_runs([e.experiment_id], run_view_type=ViewType.DELETED_ONLY)
out({
  'experiment': {'id': e.experiment_id, 'name': e.name, 'tags': e.tags, 'stage': e.lifecycle_stage, 'artifact_location': e.artifact_location},
  'all_experiments': sorted([[x.experiment_id, x.name, x.lifecycle_stage] for x in exps]),
  'info': {'run_id': r.info.run_id, 'run_name': r.info.run_name, 'status': r.info.status, 'start_time': r.info.start_time, 'end_time': r.info.end_time, 'user_id': r.info.user_id, 'artifact_uri': r.info.artifact_uri, 'stage': r.info.lifecycle_stage},
  'params': r.data.params, 'metrics': r.data.metrics, 'tags': r.data.tags,
  'history': [[m.timestamp, m.value, m.step] for m in hist],
  'datasets': [[d.dataset.name, d.dataset.digest, d.dataset.source_type, d.dataset.source, d.dataset.schema, {t.key: t.value for t in d.tags}] for d in r.inputs.dataset_inputs],
  'outputs': [[o.model_id, o.step] for o in r.outputs.model_outputs],
  'artifacts': [[f.path, f.is_dir, f.file_size] for f in c.list_artifacts(r.info.run_id)],
  'plots': [f.path for f in c.list_artifacts(r.info.run_id, 'plots')],
  'deleted': [x.info.run_id for x in deleted],
})`,
        { env: ENV },
      );
      expect(py.experiment).toEqual({ id: ids.experimentId, name: 'ts-exp', tags: { team: 'ml', 'mlflow.note.content': 'from TS' }, stage: 'active', artifact_location: pathToFileURL(join(root, ids.experimentId!)).href });
      expect(py.all_experiments).toEqual([['0', 'Default', 'active'], [ids.trashed, 'ts-trashed', 'deleted'], [ids.experimentId, 'ts-exp', 'active']].sort());
      const ours = await store.getRun(ids.runId!);
      expect(py.info).toEqual({
        run_id: ids.runId, run_name: 'ts-run', status: 'FINISHED', start_time: 1_700_000_000_000, end_time: 1_700_000_001_000, user_id: 'alice',
        artifact_uri: ours.info.artifactUri, stage: 'active',
      });
      expect(py.params).toEqual(ours.data.params);
      expect(py.params).toEqual({ lr: '0.01', 'nested/param': 'line1\nline2', yes: 'yes', zero: '0' });
      expect(py.tags).toEqual(ours.data.tags);
      expect(py.tags.quote).toBe("it's: tricky # yes");
      expect(Object.fromEntries(Object.entries(py.metrics as Record<string, number | string>).map(([k, v]) => [k, num(v)]))).toEqual(ours.data.metrics);
      expect((py.history as Array<[number, number | string, number]>).map(([ts, v, step]) => [ts, num(v), step])).toEqual(metricValues.map((v, step) => [1_700_000_000_000 + step, v, step]));
      expect(py.datasets).toEqual([['iris', 'd1g', 'local', '{"uri": "/data/iris.csv"}', '{"mlflow_colspec": []}', { 'mlflow.data.context': 'training' }]]);
      expect(py.outputs).toEqual([[ids.modelId, 6]]);
      expect(py.artifacts).toEqual([['plots', true, null], ['report.txt', false, 6]]);
      expect(py.plots).toEqual(['plots/a.txt']);
      expect(py.deleted).toEqual([ids.deletedRunId]);
    });

    it('search_runs with filters and mlflow.search_runs (pandas) work on our folder', async () => {
      const py = await runPythonJson<any>(
        `${PY_JSON}
import mlflow
from mlflow import MlflowClient
mlflow.set_tracking_uri(${JSON.stringify(pathToFileURL(root).href)})
c = MlflowClient()
e = c.get_experiment_by_name('ts-exp')
f1 = c.search_runs([e.experiment_id], filter_string="params.lr = '0.01' and metrics.\`val/acc\` > 0.5 and tags.env = 'ci'")
f2 = c.search_runs([e.experiment_id], filter_string="attributes.status = 'RUNNING'")
df = mlflow.search_runs([e.experiment_id])
out({'f1': [r.info.run_id for r in f1], 'f2': len(f2), 'rows': len(df), 'cols': sorted(c for c in df.columns if c.startswith(('params.', 'metrics.')))})`,
        { env: ENV },
      );
      expect(py).toEqual({ f1: [ids.runId], f2: 0, rows: 1, cols: ['metrics.loss', 'metrics.model_acc', 'metrics.val/acc', 'params.lr', 'params.nested/param', 'params.yes', 'params.zero'] });
    });

    it('reads the logged model (status, params, tags, linked metric), loads its MLmodel, and the registry (version, alias, download)', async () => {
      const py = await runPythonJson<any>(
        `${PY_JSON}
import mlflow
from mlflow import MlflowClient
from mlflow.models import Model
uri = ${JSON.stringify(pathToFileURL(root).href)}
mlflow.set_tracking_uri(uri); mlflow.set_registry_uri(uri)
c = MlflowClient()
m = c.get_logged_model(${JSON.stringify(ids.modelId)})
found = c.search_logged_models([m.experiment_id], filter_string="name = 'ts-model'")
mm = Model.load(f"models:/{m.model_id}")
rm = c.get_registered_model('ts-reg')
v = c.get_model_version_by_alias('ts-reg', 'champion')
local = mlflow.artifacts.download_artifacts('models:/ts-reg@champion')
out({
  'model': {'id': m.model_id, 'name': m.name, 'status': str(m.status), 'type': m.model_type, 'run': m.source_run_id, 'params': m.params, 'tags': m.tags,
            'metrics': [[x.key, x.value, x.step, x.run_id] for x in m.metrics], 'artifact_location': m.artifact_location},
  'found': [x.model_id for x in found],
  'mlmodel': {'flavors': sorted(mm.flavors), 'model_id': mm.model_id, 'run_id': mm.run_id},
  'registered': {'name': rm.name, 'description': rm.description, 'tags': rm.tags, 'aliases': rm.aliases, 'latest': [[x.version, x.current_stage] for x in rm.latest_versions]},
  'version': {'version': v.version, 'source': v.source, 'run_id': v.run_id, 'model_id': v.model_id, 'tags': v.tags, 'aliases': v.aliases, 'status': v.status},
  'download_uri': c.get_model_version_download_uri('ts-reg', '1'),
  'downloaded': sorted(os.listdir(local)),
})`,
        { env: ENV },
      );
      const ours = await store.getLoggedModel(ids.modelId!);
      expect(py.model).toEqual({
        id: ids.modelId, name: 'ts-model', status: 'READY', type: 'custom', run: ids.runId, params: { depth: '3' },
        tags: { owner: 'ts', 'mlflow.modelVersions': '[{"name": "ts-reg", "version": 1}]' },
        metrics: [['model_acc', 0.9, 6, ids.runId]], artifact_location: ours.artifactUri,
      });
      expect(py.found).toEqual([ids.modelId]);
      expect(py.mlmodel).toEqual({ flavors: ['python_function'], model_id: ids.modelId, run_id: ids.runId });
      expect(py.registered).toEqual({ name: 'ts-reg', description: 'from TS', tags: { domain: 'fraud' }, aliases: { champion: '1' }, latest: [[1, 'None']] });
      expect(py.version).toEqual({ version: 1, source: `models:/${ids.modelId}`, run_id: ids.runId, model_id: ids.modelId, tags: { validated: 'true' }, aliases: ['champion'], status: 'READY' });
      expect(py.download_uri).toBe(ours.artifactUri);
      expect(py.downloaded).toEqual(expect.arrayContaining(['MLmodel', 'weights.bin']));
    });

    it('a real `mlflow server` on the folder answers the UI endpoints', async () => {
      const venv = requireMlflowVenv();
      const port = await freePort();
      const child = spawn(venv.mlflow, ['server', '--backend-store-uri', pathToFileURL(root).href, '--host', '127.0.0.1', '--port', String(port), '--workers', '1'], {
        cwd: base,
        env: { ...process.env, ...ENV },
        stdio: 'ignore',
        detached: true,
      });
      let exited = false;
      child.on('exit', () => (exited = true));
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitForHealth(url, 90_000, () => !exited);
        const post = async (path: string, body: unknown) =>
          (await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;
        const runs = await post('/api/2.0/mlflow/runs/search', { experiment_ids: [ids.experimentId], filter: "metrics.loss > -100" });
        expect(runs.runs.map((r: any) => r.info.run_id)).toEqual([ids.runId]);
        const loss = runs.runs[0].data.metrics.find((m: any) => m.key === 'loss');
        expect(loss).toMatchObject({ value: -3.25, step: 6 });
        const exps = await post('/api/2.0/mlflow/experiments/search', { max_results: 10 });
        expect(exps.experiments.map((e: any) => e.name).sort()).toEqual(['Default', 'ts-exp']);
        const history = (await (await fetch(`${url}/api/2.0/mlflow/metrics/get-history?run_id=${ids.runId}&metric_key=loss`)).json()) as any;
        expect(history.metrics.map((m: any) => m.value)).toEqual([0.5, 'NaN', 'Infinity', '-Infinity', 1e-7, 42, -3.25]);
        const artifacts = (await (await fetch(`${url}/api/2.0/mlflow/artifacts/list?run_id=${ids.runId}`)).json()) as any;
        expect(artifacts.files.map((f: any) => f.path)).toEqual(['plots', 'report.txt']);
        const model = (await (await fetch(`${url}/api/2.0/mlflow/logged-models/${ids.modelId}`)).json()) as any;
        expect(model.model.info).toMatchObject({ name: 'ts-model', status: 'LOGGED_MODEL_READY' });
        const reg = (await (await fetch(`${url}/api/2.0/mlflow/registered-models/alias?name=ts-reg&alias=champion`)).json()) as any;
        expect(reg.model_version).toMatchObject({ name: 'ts-reg', version: '1', source: `models:/${ids.modelId}`, aliases: ['champion'] });
      } finally {
        killGroup(child.pid);
      }
    });
  });

  describe('(b) Python writes, FileStore reads', () => {
    const base = tempDir('interop-b-');
    const root = join(base, 'mlruns');
    let py: any;

    beforeAll(async () => {
      py = await runPythonJson<any>(
        `${PY_JSON}
import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
uri = ${JSON.stringify(pathToFileURL(root).href)}
mlflow.set_tracking_uri(uri); mlflow.set_registry_uri(uri)
c = MlflowClient()
class Echo(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input
exp_id = mlflow.create_experiment('py-exp', tags={'owner': 'python', 'a/b': 'nested'})
mlflow.set_experiment(experiment_id=exp_id)
with mlflow.start_run(run_name='py-run') as run:
    mlflow.log_params({'alpha': '0.5', 'layers': 3, 'none': None})
    for i, v in enumerate([1.0, float('nan'), float('inf'), float('-inf'), 2.5]):
        mlflow.log_metric('loss', v, step=i, timestamp=1700000000000 + i)
    mlflow.set_tags({'stage': 'dev', 'multi': 'a\\nb'})
    import pandas as pd
    mlflow.log_input(mlflow.data.from_pandas(pd.DataFrame({'x': [1, 2]}), name='frame'), context='training')
    path = os.path.join(${JSON.stringify(base)}, 'note.txt')
    open(path, 'w').write('hello')
    mlflow.log_artifact(path, artifact_path='docs')
    info = mlflow.pyfunc.log_model(name='model', python_model=Echo(), pip_requirements=['mlflow'], registered_model_name='py-reg', params={'threshold': '0.7'})
    mlflow.log_metric('acc', 0.8, step=2, model_id=info.model_id)
c.set_registered_model_alias('py-reg', 'prod', '1')
c.create_model_version('py-reg', info.artifact_path if False else f"models:/{info.model_id}", run_id=run.info.run_id, model_id=info.model_id)
c.transition_model_version_stage('py-reg', '2', 'Staging')
other = c.create_run(exp_id)
c.log_batch(other.info.run_id, metrics=[Metric('m', 1.5, 1700000000000, 0)], params=[Param('p', 'v')], tags=[RunTag('t', 'x')])
c.delete_run(other.info.run_id)
gone = mlflow.create_experiment('py-gone')
c.delete_experiment(gone)
out({'exp_id': exp_id, 'run_id': run.info.run_id, 'model_id': info.model_id, 'other': other.info.run_id, 'gone': gone,
     'artifact_uri': run.info.artifact_uri, 'start_time': run.info.start_time})`,
        { env: ENV },
      );
    });

    it('reads experiments (active and deleted) with tags', async () => {
      const store = new FileStore(root);
      expect(await store.getExperiment(py.exp_id)).toMatchObject({ name: 'py-exp', lifecycleStage: 'active', tags: { owner: 'python', 'a/b': 'nested' } });
      expect((await store.getExperimentByName('py-gone'))?.lifecycleStage).toBe('deleted');
      const all = (await store.searchExperiments({ viewType: 'ALL' })).items.map((e) => e.name).sort();
      expect(all).toEqual(['Default', 'py-exp', 'py-gone']);
    });

    it('reads runs: info, params, metric history with NaN/±Infinity, tags, artifacts, outputs', async () => {
      const store = new FileStore(root);
      const run = await store.getRun(py.run_id);
      expect(run.info).toMatchObject({ runId: py.run_id, runName: 'py-run', status: 'FINISHED', experimentId: py.exp_id, startTime: py.start_time, artifactUri: py.artifact_uri, lifecycleStage: 'active' });
      expect(run.data.params).toEqual({ alpha: '0.5', layers: '3', none: 'None' });
      expect(run.data.tags).toMatchObject({ stage: 'dev', multi: 'a\nb', 'mlflow.runName': 'py-run' });
      expect(run.data.metrics).toEqual({ loss: 2.5, acc: 0.8 });
      const history = await store.getMetricHistory(py.run_id, 'loss');
      // (log_model then re-logs the run's metrics linked to the model, appending more points)
      expect(history.items.slice(0, 5).map((m) => [m.timestamp, m.value, m.step])).toEqual([1.0, NaN, Infinity, -Infinity, 2.5].map((v, i) => [1_700_000_000_000 + i, v, i]));
      expect(run.outputs.modelOutputs.map((o) => o.modelId)).toEqual([py.model_id]);
      expect(run.inputs.datasetInputs.map((d) => [d.dataset.name, d.dataset.sourceType, d.tags])).toEqual([['frame', 'code', { 'mlflow.data.context': 'training' }]]);
      expect((await store.searchRuns({ experimentIds: [py.exp_id], filter: "datasets.name = 'frame'" })).items.map((r) => r.info.runId)).toEqual([py.run_id]);
      const artifacts = new LocalArtifactRepository(run.info.artifactUri);
      expect(await artifacts.listArtifacts('docs')).toEqual([{ path: 'docs/note.txt', isDir: false, fileSize: 5 }]);
      const deleted = await store.searchRuns({ experimentIds: [py.exp_id], runViewType: 'DELETED_ONLY' });
      expect(deleted.items.map((r) => [r.info.runId, r.data.params, r.data.tags.t, r.data.metrics.m])).toEqual([[py.other, { p: 'v' }, 'x', 1.5]]);
      const found = await store.searchRuns({ experimentIds: [py.exp_id], filter: "params.alpha = '0.5' AND metrics.loss > 1" });
      expect(found.items.map((r) => r.info.runId)).toEqual([py.run_id]);
    });

    it('reads the pyfunc logged model, its linked metric, MLmodel and artifacts', async () => {
      const store = new FileStore(root);
      const model = await store.getLoggedModel(py.model_id);
      expect(model).toMatchObject({ modelId: py.model_id, name: 'model', status: 'LOGGED_MODEL_READY', sourceRunId: py.run_id, experimentId: py.exp_id });
      expect(model.params).toMatchObject({ threshold: '0.7' });
      // log_model re-links the run's metrics to the model; our explicit metric is there too
    expect(model.metrics.map((m) => [m.key, m.value, m.step, m.runId])).toEqual(expect.arrayContaining([['acc', 0.8, 2, py.run_id]]));
      expect(model.registrations).toEqual(expect.arrayContaining([{ name: 'py-reg', version: '1' }]));
      const repo = new LocalArtifactRepository(model.artifactUri);
      const files = (await repo.listArtifacts()).map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(['MLmodel', 'python_model.pkl', 'requirements.txt']));
      const mlmodel = parseYaml(readFileSync(join(new URL(model.artifactUri).pathname, 'MLmodel'), 'utf8')) as Record<string, any>;
      expect(mlmodel.model_id).toBe(py.model_id);
      expect(mlmodel.artifact_path).toBe(model.artifactUri);
      expect(Object.keys(mlmodel.flavors)).toEqual(['python_function']);
      expect((await store.searchLoggedModels({ experimentIds: [py.exp_id], filter: "name = 'model'" })).items.map((m) => m.modelId)).toEqual([py.model_id]);
    });

    it('reads the registry: model, versions, stage, alias, download URI', async () => {
      const store = new FileStore(root);
      const reg = await store.getRegisteredModel('py-reg');
      expect(reg.aliases).toEqual({ prod: '1' });
      expect(reg.latestVersions.map((v) => [v.version, v.currentStage]).sort()).toEqual([['1', 'None'], ['2', 'Staging']]);
      const v1 = await store.getModelVersionByAlias('py-reg', 'prod');
      expect(v1).toMatchObject({ version: '1', source: `models:/${py.model_id}`, modelId: py.model_id, runId: py.run_id, status: 'READY', aliases: ['prod'] });
      expect(await store.getModelVersionDownloadUri('py-reg', '1')).toBe((await store.getLoggedModel(py.model_id)).artifactUri);
      expect((await store.searchModelVersions({ filter: "name = 'py-reg'" })).items.map((v) => v.version)).toEqual(['2', '1']);
      // and we can keep writing into Python's folder
      const v3 = await store.createModelVersion({ name: 'py-reg', source: `models:/${py.model_id}`, modelId: py.model_id });
      expect(v3.version).toBe('3');
    });

    it('(c) writes meta.yaml files with the same keys as MLflow 3.17 (plus run_uuid / deleted_time / lifecycle_stage kept always)', async () => {
      const store = new FileStore(join(base, 'ours'));
      const experimentId = await store.createExperiment('keys');
      const { runId } = (await store.createRun({ experimentId })).info;
      await store.logInputs(runId, { datasets: [{ dataset: { name: 'd', digest: 'x', sourceType: 'code', source: '{}' }, tags: {} }] });
      const model = await store.createLoggedModel({ experimentId, name: 'k' });
      await store.logOutputs(runId, [{ modelId: model.modelId, step: 0 }]);
      await store.finalizeLoggedModel(model.modelId, 'LOGGED_MODEL_READY');
      await store.createRegisteredModel('keys');
      await store.createModelVersion({ name: 'keys', source: `models:/${model.modelId}`, modelId: model.modelId });
      const keysOf = (rootDir: string, pattern: RegExp): string[] => {
        const file = listFiles(rootDir).find((f) => pattern.test(f));
        if (file === undefined) throw new Error(`no file matching ${pattern} under ${rootDir}`);
        return Object.keys(parseYaml(readFileSync(join(rootDir, file), 'utf8')) as object).sort();
      };
      const kinds: Array<[string, RegExp, string[]]> = [
        ['experiment', /^\d{6,}\/meta\.yaml$/, []],
        ['run', /^\d+\/[0-9a-f]{32}\/meta\.yaml$/, ['deleted_time', 'run_uuid']],
        ['logged model', /\/models\/m-[0-9a-f]+\/meta\.yaml$/, ['lifecycle_stage']],
        ['dataset', /\/datasets\/[0-9a-f]+\/meta\.yaml$/, []],
        ['output', /\/outputs\/m-[0-9a-f]+\/meta\.yaml$/, []],
        ['registered model', /^models\/[^/]+\/meta\.yaml$/, []],
        ['model version', /^models\/[^/]+\/version-1\/meta\.yaml$/, []],
      ];
      for (const [kind, pattern, extras] of kinds) {
        const theirs = keysOf(root, pattern);
        const mine = keysOf(join(base, 'ours'), pattern);
        expect({ kind, keys: mine.filter((k) => !extras.includes(k)) }).toEqual({ kind, keys: theirs.filter((k) => !extras.includes(k)) });
      }
    });
  });

  it('YAML we emit for tricky strings is read back identically by PyYAML safe_load', async () => {
    const { dumpYaml } = await import('../../src/store/file/yaml-meta.js');
    const tricky = ['0', '007', '1e5', '1.5e+3', 'yes', 'No', 'on', '~', 'null', '', ' ', '1:20', '2001-12-14', '0x1F', '0o17', '0b101', '1_000', '.inf', '-.inf', '.nan', "it's", 'a: b', 'a #b', '#c', '- x', '? x', '@x', '`x', '!x', '&x', '*x', '%x', '|x', '>x', '[x]', '{x}', 'x,y', '=', '<<', '---', '...',
      'tab\there', 'multi\nline', 'cr\rx', '\u0085nel', 'ls\u2028ps\u2029', 'bom\ufeff', 'é ü', '日本', '🎉', 'trail ', ' lead', 'x'.repeat(200), 'file:///a b/c:d', 'True', 'NULL', 'Off', '+12', '-0', '3.', '.5'];
    const data: Record<string, string> = {};
    tricky.forEach((s, i) => (data[`k${String(i).padStart(3, '0')}`] = s));
    const file = join(tempDir(), 'meta.yaml');
    writeFileSync(file, dumpYaml(data));
    const back = await runPythonJson<Record<string, unknown>>(`import yaml, json\nprint(json.dumps(yaml.safe_load(open(${JSON.stringify(file)}, encoding='utf-8'))))`);
    expect(back).toEqual(data);
  });
});

/**
 * Interop with real MLflow, both ways, through the server: what our client writes is read by
 * Python's `mlflow.MlflowClient`, and what Python writes is read by ours.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from './contract/helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('interop with Python MLflow through the server', () => {
  let client: MlflowClient;
  let url: string;
  let work: string;

  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
    client = new MlflowClient({ trackingUri: url, maxRetries: 2, backoffFactorMs: 50, backoffJitterMs: 0, env: {} });
    work = mkdtempSync(join(tmpdir(), 'interop-'));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('Python reads runs, params, metrics (NaN, ±Infinity, steps, timestamps), tags, artifacts and logged models we wrote', async () => {
    const experimentId = await client.createExperiment(uniqueName('ts-writes'), { tags: { 'mlflow.note.content': 'from TypeScript' } });
    const run = await client.createRun(experimentId, { runName: 'ts-run', startTime: 1_700_000_000_000, tags: { 'mlflow.user': 'ts' } });
    const runId = run.info.runId;
    await client.logBatch(runId, {
      metrics: [
        { key: 'loss', value: 0.5, step: 0, timestamp: 1_700_000_000_100 },
        { key: 'loss', value: 0.25, step: 1, timestamp: 1_700_000_000_200 },
        { key: 'nan', value: NaN, step: 3, timestamp: 1_700_000_000_300 },
        { key: 'pinf', value: Infinity, step: 0, timestamp: 1 },
        { key: 'ninf', value: -Infinity, step: 0, timestamp: 1 },
      ],
      params: { lr: 0.01, model: 'gbm' },
      tags: { stage: 'dev', 'mlflow.note.content': 'a note' },
    });
    await client.logMetric(runId, 'big_step', 42, { step: 2 ** 40, timestamp: 1_700_000_000_400 });
    const dir = join(work, 'ts-artifacts');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'hello.txt'), 'hello from ts');
    await client.logArtifacts(runId, dir, 'out');
    const model = await client.createLoggedModel(experimentId, { name: 'tsmodel', sourceRunId: runId, params: { depth: 4 } });
    await client.logOutputs(runId, [{ modelId: model.modelId, step: 1 }]);
    await client.finalizeLoggedModel(model.modelId);
    await client.setTerminated(runId, 'FINISHED', 1_700_000_001_000);

    const py = await runPythonJson<{
      info: Record<string, unknown>;
      params: Record<string, string>;
      tags: Record<string, string>;
      history: Record<string, Array<[number, number, string]>>;
      latest: Record<string, string>;
      pyInf: string;
      files: string[];
      text: string;
      model: Record<string, unknown>;
      outputs: Array<[string, number]>;
      expNote: string;
    }>(
      `
import json, os, tempfile, mlflow
from mlflow.entities import Metric
c = mlflow.MlflowClient(tracking_uri=${JSON.stringify(url)})
r = c.get_run(${JSON.stringify(runId)})
hist = {k: [(m.step, m.timestamp, repr(m.value)) for m in c.get_metric_history(r.info.run_id, k)] for k in ["loss", "nan", "pinf", "ninf", "big_step"]}
# Python's own Infinity goes through the same server: we must read back what Python itself would.
tmp = c.create_run(${JSON.stringify(experimentId)})
c.log_batch(tmp.info.run_id, metrics=[Metric("x", float("inf"), 1, 0)])
py_inf = repr(c.get_run(tmp.info.run_id).data.metrics["x"])
dst = tempfile.mkdtemp()
path = c.download_artifacts(r.info.run_id, "out/sub/hello.txt", dst)
m = c.get_logged_model(${JSON.stringify(model.modelId)})
print(json.dumps({
  "info": {"name": r.info.run_name, "status": r.info.status, "start": r.info.start_time, "end": r.info.end_time, "user": r.info.user_id, "exp": r.info.experiment_id},
  "params": r.data.params,
  "tags": r.data.tags,
  "history": hist,
  "latest": {k: repr(v) for k, v in r.data.metrics.items()},
  "pyInf": py_inf,
  "files": sorted(f.path for f in c.list_artifacts(r.info.run_id, "out/sub")),
  "text": open(path).read(),
  "model": {"name": m.name, "status": str(m.status), "source_run_id": m.source_run_id, "params": m.params},
  "outputs": [(o.model_id, o.step) for o in r.outputs.model_outputs],
  "expNote": c.get_experiment(${JSON.stringify(experimentId)}).tags.get("mlflow.note.content"),
}))
`,
    );
    expect(py.info).toEqual({ name: 'ts-run', status: 'FINISHED', start: 1_700_000_000_000, end: 1_700_000_001_000, user: 'ts', exp: experimentId });
    expect(py.params).toEqual({ lr: '0.01', model: 'gbm' });
    expect(py.tags).toMatchObject({ stage: 'dev', 'mlflow.note.content': 'a note', 'mlflow.runName': 'ts-run', 'mlflow.user': 'ts' });
    expect(py.history.loss).toEqual([
      [0, 1_700_000_000_100, '0.5'],
      [1, 1_700_000_000_200, '0.25'],
    ]);
    expect(py.history.nan).toEqual([[3, 1_700_000_000_300, 'nan']]);
    expect(py.history.big_step).toEqual([[2 ** 40, 1_700_000_000_400, '42.0']]);
    // The SQL store keeps ±Infinity as ±max double: Python reads ours exactly like its own.
    expect(py.history.pinf![0]![2]).toBe(py.pyInf);
    expect(py.history.ninf![0]![2]).toBe(`-${py.pyInf}`);
    expect(py.latest).toMatchObject({ loss: '0.25', nan: 'nan' });
    expect(py.files).toEqual(['out/sub/hello.txt']);
    expect(py.text).toBe('hello from ts');
    expect(py.model).toEqual({ name: 'tsmodel', status: 'READY', source_run_id: runId, params: { depth: '4' } });
    expect(py.outputs).toEqual([[model.modelId, 1]]);
    expect(py.expNote).toBe('from TypeScript');
  }, 120_000);

  it('we read runs, metrics, tags, artifacts and models that Python wrote', async () => {
    const name = uniqueName('py-writes');
    const py = await runPythonJson<{ experimentId: string; runId: string; modelId: string }>(
      `
import json, os, tempfile, mlflow
from mlflow.entities import Metric, Param, RunTag
c = mlflow.MlflowClient(tracking_uri=${JSON.stringify(url)})
eid = c.create_experiment(${JSON.stringify(name)}, tags={"owner": "python"})
r = c.create_run(eid, run_name="py-run", start_time=1600000000000)
rid = r.info.run_id
c.log_param(rid, "alpha", 0.3)
c.log_metric(rid, "acc", 0.75, timestamp=1600000000123, step=7)
c.log_metric(rid, "acc", float("nan"), timestamp=1600000000124, step=8)
c.log_batch(rid, metrics=[Metric("neg", float("-inf"), 5, 0)], params=[Param("depth", "3")], tags=[RunTag("framework", "sklearn")])
d = tempfile.mkdtemp()
os.makedirs(os.path.join(d, "plots"))
open(os.path.join(d, "plots", "p.txt"), "w").write("python artifact")
c.log_artifacts(rid, d, "py")
m = c.create_logged_model(eid, name="pymodel", source_run_id=rid, params={"k": "v"}, tags={"t": "1"})
c.finalize_logged_model(m.model_id, mlflow.entities.LoggedModelStatus.READY)
c.set_terminated(rid, "KILLED", end_time=1600000009999)
print(json.dumps({"experimentId": eid, "runId": rid, "modelId": m.model_id}))
`,
    );
    const experiment = await client.getExperimentByName(name);
    expect(experiment).toMatchObject({ experimentId: py.experimentId, tags: { owner: 'python' } });
    const run = await client.getRun(py.runId);
    expect(run.info).toMatchObject({ runName: 'py-run', status: 'KILLED', startTime: 1_600_000_000_000, endTime: 1_600_000_009_999, experimentId: py.experimentId });
    expect(run.data.params).toEqual({ alpha: '0.3', depth: '3' });
    expect(run.data.tags).toMatchObject({ framework: 'sklearn', 'mlflow.runName': 'py-run' });
    const acc = await client.getMetricHistory(py.runId, 'acc');
    expect(acc.map((m) => [m.step, m.timestamp])).toEqual([
      [7, 1_600_000_000_123],
      [8, 1_600_000_000_124],
    ]);
    expect(acc[0]!.value).toBe(0.75);
    expect(acc[1]!.value).toBeNaN();
    expect(run.data.metrics.acc).toBeNaN();
    expect([-Infinity, -Number.MAX_VALUE]).toContain(run.data.metrics.neg);
    expect((await client.listArtifacts(py.runId, 'py/plots')).map((f) => f.path)).toEqual(['py/plots/p.txt']);
    const local = await client.downloadArtifacts(py.runId, 'py/plots/p.txt', join(work, 'from-python'));
    expect(readFileSync(local, 'utf8')).toBe('python artifact');
    const model = await client.getLoggedModel(py.modelId);
    expect(model).toMatchObject({ name: 'pymodel', status: 'LOGGED_MODEL_READY', sourceRunId: py.runId, params: { k: 'v' }, tags: { t: '1' } });
  }, 120_000);
});
